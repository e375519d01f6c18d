import fs from 'node:fs';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { DataSource } from './pages/legal.js';

/** Where each tenant's credits lie: `data/tenants/<slug>/data-sources.json`. */
export const dataSourcesFileName = 'data-sources.json';

const DataSourcesFile = Type.Object(
  {
    note: Type.Optional(Type.String()),
    sources: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1 }),
          attribution: Type.String({ minLength: 1 }),
          licence: Type.String({ minLength: 1 }),
          licenceUrl: Type.String({ pattern: '^https://' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/**
 * The open data each tenant's reference data comes from, with the attribution its licence requires
 * (see data/README.md), as its `data-sources.json` lists it: the Saxon tenant credits the BKG's
 * Kreise, another Land its own. All files are read and checked when the app is built, so a wrong
 * one stops the start with one line naming the file and the entry; a tenant without one lists none.
 */
export function readTenantDataSources(root: string, shownRoot = root): ReadonlyMap<string, readonly DataSource[]> {
  const slugs = fs.existsSync(root) ? fs.readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()) : [];
  const sources = new Map<string, readonly DataSource[]>();
  for (const { name: slug } of slugs) {
    const file = path.join(root, slug, dataSourcesFileName);
    if (!fs.existsSync(file)) continue;
    const data: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    const [problem] = [...Value.Errors(DataSourcesFile, data)];
    if (problem) throw new Error(`${shownRoot}/${slug}/${dataSourcesFileName}: ${problem.instancePath || '/'} ${problem.message}`);
    sources.set(slug, (data as Static<typeof DataSourcesFile>).sources);
  }
  return sources;
}
