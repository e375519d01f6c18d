/**
 * XSD validation of XDOMEA 3.0.0 messages with libxml2 (xmllint compiled to WebAssembly, so no
 * native binary is needed). The schema set in data/xdomea/xsd is read from disk once and kept;
 * xmllint-wasm itself compiles it per call in a worker thread (about 0.3 s), which is why the
 * readers validate only what they accept and the writers' output is validated in the tests.
 */
import { readdir, readFile } from 'node:fs/promises';
import { memoryPages, validateXML, type XMLFileInfo } from 'xmllint-wasm';
import { projectPath } from '../../../core/paths.js';

const schemaDir = `${projectPath('data', 'xdomea', 'xsd')}/`;

interface SchemaSet {
  main: XMLFileInfo;
  preload: XMLFileInfo[];
}

let schemaSet: Promise<SchemaSet> | undefined;

async function loadSchemaSet(): Promise<SchemaSet> {
  const dir = `${schemaDir}3.0.0/`;
  const names = (await readdir(dir)).filter((name) => name.endsWith('.xsd'));
  const files = await Promise.all(names.map(async (fileName) => ({ fileName, contents: await readFile(dir + fileName, 'utf8') })));
  // xdomea-Baukasten.xsd and xdomea-Datentypen.xsd import the XÖV Code type from ../xoev/.
  const xoevCode = { fileName: '../xoev/xoev-code.xsd', contents: await readFile(`${schemaDir}xoev/xoev-code.xsd`, 'utf8') };
  const main = files.find((f) => f.fileName === 'xdomea.xsd');
  if (!main) throw new Error(`xdomea.xsd missing in ${dir}`);
  return { main, preload: [...files.filter((f) => f !== main), xoevCode] };
}

function schemas(): Promise<SchemaSet> {
  schemaSet ??= loadSchemaSet().catch((error: unknown) => {
    schemaSet = undefined;
    throw error;
  });
  return schemaSet;
}

export interface XdomeaValidationError {
  /** Line in the validated document, when libxml2 reported one. */
  line: number | null;
  message: string;
}

export interface XdomeaValidationResult {
  valid: boolean;
  errors: XdomeaValidationError[];
}

/** Validates a complete message against the XDOMEA 3.0.0 schema set. */
export async function validateXdomea(xml: string | Uint8Array): Promise<XdomeaValidationResult> {
  const { main, preload } = await schemas();
  const result = await validateXML({
    xml: { fileName: 'message.xml', contents: xml },
    schema: main,
    preload,
    // The relative import path of the XÖV schema starts with a dot, which the default file-name check refuses.
    disableFileNameValidation: true,
    // Large 0503 messages need more than the default 32 MiB.
    maxMemoryPages: memoryPages.GiB,
  });
  return {
    valid: result.valid,
    errors: result.errors.map((e) => ({ line: e.loc?.lineNumber ?? null, message: e.message.replace(/^.*?Schemas validity error : /, '') })),
  };
}
