import type { Catalogue, Language } from '../../core/i18n/index.js';

export const procedureMessages: Record<Language, Catalogue> = {
  de: {
    'procedures.notFound': 'Dieses Verfahren gibt es nicht oder es ist nicht online verfügbar.',
    'procedures.routing.noAuthority': 'Für Ihren Antrag konnte keine zuständige Behörde ({kind}) ermittelt werden. Bitte prüfen Sie den angegebenen Ort.',
  },
  en: {
    'procedures.notFound': 'This procedure does not exist or is not available online.',
    'procedures.routing.noAuthority': 'No responsible authority ({kind}) could be found for your application. Please check the location you entered.',
  },
};
