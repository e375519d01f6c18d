import type { DataSource } from './pages/legal.js';

/** The open data shipped in `data/`, with the attribution its licence requires (see data/README.md). */
export const dataSources: DataSource[] = [
  {
    name: 'Verwaltungsgebiete 1:5 000 000 (VG5000), Stand 01.01.2021',
    attribution: '© GeoBasis-DE / BKG 2021 (Daten verändert)',
    licence: 'Datenlizenz Deutschland – Namensnennung – 2.0',
    licenceUrl: 'https://www.govdata.de/dl-de/by-2-0',
  },
  {
    name: 'Postleitzahlen und Orte (GeoNames)',
    attribution: 'GeoNames, geonames.org',
    licence: 'CC BY 4.0',
    licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
  },
  {
    name: 'Kreisfreie Städte und Landkreise nach Fläche und Bevölkerung, Stand 31.12.2018',
    attribution: 'Statistisches Bundesamt (Destatis), aufbereitet von A. Wunschik (landkreise-deutschland)',
    licence: 'CC BY 4.0',
    licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
  },
];
