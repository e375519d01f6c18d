import type { Catalogue, Language } from '../../../core/i18n/index.js';

/** The E-Akte's texts (records-core part): refusals of the service, as pages and problem+json titles show them. */
const de: Catalogue = {
  'records.error.fileNumberTaken': 'Das Aktenzeichen {aktenzeichen} ist bereits vergeben. Bitte wenden Sie sich an die Registratur.',
  'records.error.fileClosed': 'Die Akte ist zu den Akten verfügt (zdA) und kann nicht mehr geändert werden. Die Registratur kann sie mit Begründung wieder öffnen.',
  'records.error.processClosed': 'Der Vorgang ist zu den Akten verfügt (zdA) und kann nicht mehr geändert werden. Die Registratur kann ihn mit Begründung wieder öffnen.',
  'records.error.fileHasOpenProcesses': 'Die Akte hat noch offene Vorgänge. Schließen Sie zuerst diese.',
  'records.error.notClosed': 'Das Schriftgutobjekt ist nicht geschlossen (oder schon in der Aussonderung).',
  'records.error.reasonRequired': 'Bitte geben Sie eine Begründung an.',
  'records.error.noSuchFile': 'Diese Akte gibt es bei Ihrer Behörde nicht.',
  'records.error.sameFile': 'Der Vorgang liegt bereits in dieser Akte.',
  'records.error.base64': 'Der Inhalt ist nicht gültig Base64-kodiert.',
};

const en: Catalogue = {
  'records.error.fileNumberTaken': 'The file number {aktenzeichen} is already taken. Please contact the records office.',
  'records.error.fileClosed': 'The file is closed (zdA) and can no longer be changed. The records office can re-open it with a reason.',
  'records.error.processClosed': 'The process is closed (zdA) and can no longer be changed. The records office can re-open it with a reason.',
  'records.error.fileHasOpenProcesses': 'The file still has open processes. Close them first.',
  'records.error.notClosed': 'The object is not closed (or already in disposal).',
  'records.error.reasonRequired': 'Please give a reason.',
  'records.error.noSuchFile': 'Your authority has no such file.',
  'records.error.sameFile': 'The process is already in this file.',
  'records.error.base64': 'The content is not valid base64.',
};

export const recordFileMessages: Record<Language, Catalogue> = { de, en };
