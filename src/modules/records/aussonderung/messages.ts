import type { Catalogue, Language } from '../../../core/i18n/index.js';

/** The Aussonderung's refusals, as pages and problem+json titles show them. */
const de: Catalogue = {
  'records.aussonderung.error.reasonRequired': 'Bitte geben Sie einen Grund für die Aussonderungssperre an.',
  'records.aussonderung.error.nothingChosen': 'Bitte wählen Sie mindestens eine Akte aus.',
  'records.aussonderung.error.notDue': 'Diese Akten sind nicht zur Aussonderung fällig (Aufbewahrungsfrist läuft noch, Sperre oder schon angeboten): {aktenzeichen}.',
  'records.aussonderung.error.oneAuthority': 'Ein Anbieteverzeichnis enthält nur Akten einer Behörde.',
  'records.aussonderung.error.invalidMessage': 'Die Datei ist keine gültige XDOMEA-Nachricht des Archivs: {reason}',
  'records.aussonderung.error.foreignMessage': 'Die Nachricht gehört zu keiner Aussonderung Ihrer Behörde (ProzessID {prozessId}).',
  'records.aussonderung.error.alreadyImported': 'Diese Nachricht ({code}) wurde für diese Aussonderung bereits eingelesen.',
  'records.aussonderung.error.alreadyDeleted': 'Die Nachricht nennt bereits gelöschte Objekte: {ids}. Es wurde nichts übernommen.',
  'records.aussonderung.error.unknownObjects': 'Die Nachricht nennt Objekte, die in dieser Aussonderung nicht angeboten bzw. übergeben wurden: {ids}. Es wurde nichts übernommen.',
  'records.aussonderung.error.notDecided': 'Das Archiv hat nicht für jede Akte A (archivieren) oder V (vernichten) entschieden: {ids}. Es wurde nichts übernommen.',
  'records.aussonderung.error.onHold': 'Für diese Akten besteht eine Aussonderungssperre: {ids}.',
  'records.aussonderung.error.notAppraised': 'Die Bewertung des Archivs (0502) liegt noch nicht vor.',
  'records.aussonderung.error.alreadyConfirmed': 'Das Archiv hat die Übernahme bereits bestätigt.',
  'records.aussonderung.error.nothingToExport': 'Keine Akte dieser Aussonderung ist zur Übergabe an das Archiv bestimmt.',
  'records.aussonderung.error.notForDestruction': 'Die Akte {aktenzeichen} ist nicht vom Archiv zur Vernichtung (V) bestimmt oder schon erledigt.',
  'records.aussonderung.error.alreadyRequested': 'Die Vernichtung dieser Akte ist bereits beantragt.',
  'records.aussonderung.error.notRequested': 'Die Vernichtung muss zuerst von einer Registraturkraft beantragt werden.',
  'records.aussonderung.error.ownApproval': 'Vier-Augen-Prinzip: Eine andere Registraturkraft muss die Vernichtung freigeben.',
};

const en: Catalogue = {
  'records.aussonderung.error.reasonRequired': 'Please give a reason for the legal hold.',
  'records.aussonderung.error.nothingChosen': 'Please choose at least one file.',
  'records.aussonderung.error.notDue': 'These files are not due for disposal (retention running, on hold or already offered): {aktenzeichen}.',
  'records.aussonderung.error.oneAuthority': 'An offer list holds the files of one authority only.',
  'records.aussonderung.error.invalidMessage': 'The file is not a valid XDOMEA message from the archive: {reason}',
  'records.aussonderung.error.foreignMessage': 'The message belongs to no disposal of your authority (process id {prozessId}).',
  'records.aussonderung.error.alreadyImported': 'This message ({code}) was already imported for this disposal.',
  'records.aussonderung.error.alreadyDeleted': 'The message names objects that were already deleted: {ids}. Nothing was taken over.',
  'records.aussonderung.error.unknownObjects': 'The message names objects not offered or handed over in this disposal: {ids}. Nothing was taken over.',
  'records.aussonderung.error.notDecided': 'The archive did not decide A (archive) or V (destroy) for every file: {ids}. Nothing was taken over.',
  'records.aussonderung.error.onHold': 'These files are under a legal hold: {ids}.',
  'records.aussonderung.error.notAppraised': 'The archive’s appraisal (0502) has not arrived yet.',
  'records.aussonderung.error.alreadyConfirmed': 'The archive has already confirmed the import.',
  'records.aussonderung.error.nothingToExport': 'No file of this disposal is to be handed over to the archive.',
  'records.aussonderung.error.notForDestruction': 'The file {aktenzeichen} is not marked for destruction (V) by the archive, or is done.',
  'records.aussonderung.error.alreadyRequested': 'The destruction of this file has already been requested.',
  'records.aussonderung.error.notRequested': 'A records manager must request the destruction first.',
  'records.aussonderung.error.ownApproval': 'Four-eyes principle: another records manager must approve the destruction.',
};

export const aussonderungMessages: Record<Language, Catalogue> = { de, en };
