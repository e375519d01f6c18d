import fs from 'node:fs';
import type { AppContext } from '../../core/context.js';
import { projectPath } from '../../core/paths.js';
import { findTenant } from '../../core/tenancy.js';
import { ownMapBases } from './map-bases.js';
import { parseCsv, readDataFile } from './reference-data.js';

/**
 * The Kreise of a tenant's Land for maps and comparisons: AGS, name, outer rings (WGS84) and the
 * population, if the tenant's catalogue folder has a population file (`data/catalog/<slug>/bevoelkerung.csv`:
 * `ags,name,population`; data, not code, with its source in data/README.md). The outlines are the
 * region areas of the tenant's first base map that has them (`mapBases` in its `regions.json`); a
 * tenant without one gets an empty list.
 */
export interface KreisFigure {
  ags: string;
  name: string;
  rings: [number, number][][];
  population: number | null;
}

/** Read once per tenant: the file is shipped data and changes only with a new release (as the outlines). */
const populations = new Map<string, Map<string, number>>();

function populationOf(slug: string): Map<string, number> {
  let population = populations.get(slug);
  if (!population) {
    const file = `data/catalog/${slug}/bevoelkerung.csv`;
    population = fs.existsSync(projectPath(file)) ? new Map(parseCsv(readDataFile(file)).map((row) => [row.ags!, Number(row.population)] as const)) : new Map();
    populations.set(slug, population);
  }
  return population;
}

export async function kreisFigures(ctx: AppContext, tenantId: string): Promise<KreisFigure[]> {
  const tenant = await findTenant(ctx.db, tenantId);
  if (!tenant) return [];
  const areas = ownMapBases(ctx, tenant.slug)
    .map((base) => base.regionAreas())
    .find((found) => found.length > 0);
  if (!areas) return [];
  const population = populationOf(tenant.slug);
  return areas.map((area) => ({ ags: area.region, name: area.name, rings: area.rings, population: population.get(area.region) ?? null }));
}
