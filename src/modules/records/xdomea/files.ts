/**
 * Naming and typing primary files the way XDOMEA 3.0.0 wants them: each file version is stored
 * in the package as `<UUID>.<ext>` (Spezifikation 3.0.0, 5.1.35), typed by the Dateiformat code list.
 */

// Dateiformat 1.0 (data/xdomea/code_lists/3.0.0/Dateiformat_1.0.xml), by file extension.
// The list has two codes for some extensions; the first (common) one is used. PDF/A (044) cannot
// be told from the name: pass it explicitly where the E-Akte knows a file is PDF/A.
const dateiformatByExtension: Readonly<Record<string, string>> = {
  bmp: '001',
  csv: '002',
  doc: '003',
  eml: '006',
  htm: '007',
  html: '008',
  jpe: '009',
  jpeg: '010',
  jpg: '011',
  msg: '012',
  odp: '013',
  ods: '014',
  odt: '015',
  otp: '016',
  ots: '017',
  pdf: '018',
  png: '019',
  ppt: '020',
  ps: '021',
  rtf: '022',
  tif: '023',
  tiff: '024',
  wps: '025',
  xlc: '026',
  xlm: '027',
  xls: '028',
  xlw: '029',
  xml: '030',
  xsd: '031',
  dot: '032',
  pot: '033',
  xlt: '034',
  docx: '035',
  xlsx: '036',
  pptx: '037',
  dotx: '038',
  xltx: '039',
  potx: '040',
  dtd: '041',
  mpp: '042',
  ott: '043',
  txt: '045',
};

/** Code 100 "Sonstiges" for everything the list does not name. */
export const DATEIFORMAT_SONSTIGES = '100';

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** The Dateiformat code for a file name, by its extension. */
export function dateiformatFor(fileName: string): string {
  return dateiformatByExtension[extensionOf(fileName)] ?? DATEIFORMAT_SONSTIGES;
}

/** `<UUID>.<ext>`: the name of a version's file in a package, keeping the original extension. */
export function primaryFileName(versionId: string, originalName: string): string {
  const extension = extensionOf(originalName).replace(/[^a-z0-9]/g, '');
  return extension ? `${versionId}.${extension}` : versionId;
}
