/**
 * XDOMEA 3.0.0 for the E-Akte: writing the messages an authority sends (Aktenplan, Anbieteverzeichnis,
 * Aussonderung and Abgabe packages, the Bewertung receipt) and reading the ones it receives. A pure
 * library: no database, no I/O besides reading the schema set. See docs/records-xdomea.md.
 */
export * from './model.js';
export { XdomeaMessageError, type XdomeaErrorCode } from './errors.js';
export {
  writeXdomeaMessage,
  receiptFor,
  streamObjectMessage,
  writeObjectMessage,
  type XdomeaMessage,
  type SmallMessage,
  type ObjectMessage,
  type AktenplanMessage,
  type AnbieteverzeichnisMessage,
  type AussonderungMessage,
  type AbgabeMessage,
  type BewertungsverzeichnisMessage,
  type ImportBestaetigungMessage,
  type EmpfangsbestaetigungMessage,
} from './messages.js';
export { writeXdomeaPackage, ZIP_LIMITS, type XdomeaPackage, type PackageEntry } from './package.js';
export { readXdomeaMessage, type MessageOf, type ReadOptions } from './read.js';
export { validateXdomea, type XdomeaValidationResult, type XdomeaValidationError } from './validate.js';
export { dateiformatFor, primaryFileName, DATEIFORMAT_SONSTIGES } from './files.js';
