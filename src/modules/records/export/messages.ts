import type { Catalogue, Language } from '../../../core/i18n/index.js';

/** The texts of the Akteneinsicht and the evidence record (records-export part). */
const de: Catalogue = {
  'records.export.link': 'Akteneinsicht (PDF oder ZIP) erstellen',
  'records.export.evidenceLink': 'Beweisdatensatz (Hashbaum, JSON) herunterladen',
  'records.export.title': 'Akteneinsicht in die Akte {aktenzeichen}',
  'records.export.intro':
    'Nach § 29 VwVfG erhalten Beteiligte Einsicht in die Akten, soweit sie zur Geltendmachung oder Verteidigung ihrer rechtlichen Interessen erforderlich ist. Die Ausgabe wird protokolliert: wer, was, für wen und warum.',
  'records.export.format': 'Format',
  'records.export.format.pdf': 'Ein PDF mit Inhaltsverzeichnis und Seitenzahlen',
  'records.export.format.pdfHint':
    'Je Dokument eine Seite mit den Metadaten und dem Text. Abgelegte PDF-Dokumente erscheinen als Text ohne ihre Gestaltung, Bilder gar nicht – dafür gibt es die ZIP-Ausgabe.',
  'records.export.format.zip': 'ZIP mit den Originaldateien',
  'records.export.format.zipHint': 'Die neueste Version jedes Dokuments, wie sie abgelegt ist, und ein Inhaltsverzeichnis mit SHA-256.',
  'records.export.documents': 'Dokumente',
  'records.export.documentsHint': 'Ohne Auswahl wird die ganze Akte ausgegeben.',
  'records.export.recipient': 'Für wen',
  'records.export.recipientHint': 'Z. B. die Antragstellerin, ihr Bevollmächtigter oder das Verwaltungsgericht',
  'records.export.purpose': 'Anlass',
  'records.export.purposeHint': 'Z. B. der Antrag auf Akteneinsicht vom … oder das Aktenzeichen des Gerichts',
  'records.export.submit': 'Akteneinsicht erstellen',
  'records.export.back': 'Zurück zur Akte',
  'records.export.error.noSuchDocument': 'Dieses Dokument gehört nicht zu der Akte.',
  'records.export.error.empty': 'Die Akte enthält keine Dokumente.',
  'records.history.file.export': 'Akteneinsicht ({format}, {count} Dokumente) erstellt für {recipient}: {purpose}',
  'records.history.file.export.one': 'Akteneinsicht ({format}, 1 Dokument) erstellt für {recipient}: {purpose}',
};

const en: Catalogue = {
  'records.export.link': 'Create an Akteneinsicht (inspection copy, PDF or ZIP)',
  'records.export.evidenceLink': 'Download the evidence record (hash tree, JSON)',
  'records.export.title': 'Akteneinsicht: inspection of the Akte {aktenzeichen}',
  'records.export.intro':
    'Under § 29 VwVfG the parties may inspect the files as far as they need to assert or defend their legal interests. The export is logged: who, what, for whom and why.',
  'records.export.format': 'Format',
  'records.export.format.pdf': 'One PDF with a table of contents and page numbers',
  'records.export.format.pdfHint':
    'A page per document with its metadata and text. Filed PDF documents appear as text without their layout, images not at all – the ZIP has the originals.',
  'records.export.format.zip': 'ZIP with the original files',
  'records.export.format.zipHint': 'The latest version of every document as filed, and an index with SHA-256.',
  'records.export.documents': 'Documents',
  'records.export.documentsHint': 'Without a choice the whole Akte is exported.',
  'records.export.recipient': 'For whom',
  'records.export.recipientHint': 'E.g. the applicant, their representative or the administrative court',
  'records.export.purpose': 'Occasion',
  'records.export.purposeHint': 'E.g. the request for inspection of … or the court’s file number',
  'records.export.submit': 'Create the inspection copy',
  'records.export.back': 'Back to the Akte',
  'records.export.error.noSuchDocument': 'This document does not belong to the Akte.',
  'records.export.error.empty': 'The Akte holds no documents.',
  'records.history.file.export': 'Akteneinsicht ({format}, {count} documents) created for {recipient}: {purpose}',
  'records.history.file.export.one': 'Akteneinsicht ({format}, 1 document) created for {recipient}: {purpose}',
};

export const recordExportMessages: Record<Language, Catalogue> = { de, en };
