import fs from 'node:fs';
import { parseFormDefinition } from '../../src/modules/forms/index.js';

export function loadFixtureForm(name: string) {
  const file = new URL(`./fixtures/${name}`, import.meta.url);
  return parseFormDefinition(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** Test stand-in for the catalog's `isInSaxony`: Saxony's bounding box. */
export function insideSaxonyBox(name: string, lon: number, lat: number): boolean {
  return name === 'saxony' && lon >= 11.87 && lon <= 15.04 && lat >= 50.17 && lat <= 51.69;
}

/** Monday, 2 March 2026, 10:00 in Germany. */
export const now = new Date('2026-03-02T09:00:00Z');
