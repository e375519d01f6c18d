import type { Catalogue, Language } from '../../core/i18n/index.js';

export const callMessages: Record<Language, Catalogue> = {
  de: {
    'calls.notFound': 'Diese Ausschreibung gibt es nicht.',
    'calls.required': 'Bitte wählen Sie zuerst eine Einstellungsrunde oder eine Stellenausschreibung, für die Sie sich bewerben.',
    'calls.window.closed': 'Für „{title}“ können Sie sich nur vom {opensOn} bis zum {closesOn} bewerben.',
    'calls.alreadyApplied': 'Sie haben sich für „{title}“ bereits beworben ({reference}). Je Runde ist nur eine Bewerbung möglich (und zusätzlich höchstens eine als pädagogische Fachkraft); weitere Bewerbungen werden nicht berücksichtigt.',
    'calls.postingOnly': 'Für diese Schulart ({value}) bewerben Sie sich nur auf eine schulscharfe Stellenausschreibung, nicht im allgemeinen Listenverfahren.',
    'calls.procedure.noCalls': 'Dieses Verfahren hat keine Ausschreibungsrunden.',
    'calls.date.invalid': 'Geben Sie ein Datum im Format JJJJ-MM-TT ein.',
    'calls.window.order': 'Das Ende des Bewerbungszeitraums liegt vor seinem Beginn.',
    'calls.text.required': 'Bitte füllen Sie dieses Feld aus (höchstens 200 Zeichen).',
    'calls.subjects.required': 'Wählen Sie mindestens ein Fach.',
    'calls.reference.taken': 'Diese Kennziffer ist schon vergeben.',
  },
  en: {
    'calls.notFound': 'This call does not exist.',
    'calls.required': 'Please first choose a hiring round or a posting to apply for.',
    'calls.window.closed': 'You can apply for "{title}" only from {opensOn} to {closesOn}.',
    'calls.alreadyApplied': 'You have already applied for "{title}" ({reference}). Only one application per round is possible (plus at most one as a teaching assistant); further applications are not considered.',
    'calls.postingOnly': 'For this school type ({value}) you apply only to a school-specific posting, not through the general list procedure.',
    'calls.procedure.noCalls': 'This procedure has no calls.',
    'calls.date.invalid': 'Enter a date as YYYY-MM-DD.',
    'calls.window.order': 'The end of the application window is before its start.',
    'calls.text.required': 'Please fill in this field (at most 200 characters).',
    'calls.subjects.required': 'Choose at least one subject.',
    'calls.reference.taken': 'This reference is already taken.',
  },
};
