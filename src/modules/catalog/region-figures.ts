import fs from 'node:fs';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { AppContext } from '../../core/context.js';
import { projectPath } from '../../core/paths.js';
import { findTenant } from '../../core/tenancy.js';
import { dataFiles, parseCsv, readDataFile, readJson } from './reference-data.js';
import { tenantCatalog } from './service.js';

/**
 * The Kreise of a tenant's Land for maps and comparisons: AGS, name, outer rings (WGS84) and the
 * population, if the tenant's catalogue folder has a population file (`data/catalog/<slug>/bevoelkerung.csv`:
 * `ags,name,population`; data, not code, with its source in data/README.md). Outlines come from the
 * shipped Kreise GeoJSON, those of the tenant's Land only; a tenant without any gets an empty list.
 */
export interface KreisFigure {
  ags: string;
  name: string;
  rings: [number, number][][];
  population: number | null;
}

let outlines: Feature<Polygon | MultiPolygon, { ARS: string; GEN: string; BEZ: string }>[] | undefined;

export async function kreisFigures(ctx: AppContext, tenantId: string): Promise<KreisFigure[]> {
  const { landAgs } = await tenantCatalog(ctx, tenantId);
  const slug = (await findTenant(ctx.db, tenantId))?.slug;
  const populationFile = `data/catalog/${slug}/bevoelkerung.csv`;
  const population = new Map(
    slug && fs.existsSync(projectPath(populationFile)) ? parseCsv(readDataFile(populationFile)).map((row) => [row.ags!, Number(row.population)] as const) : [],
  );
  outlines ??= readJson<FeatureCollection<Polygon | MultiPolygon, { ARS: string; GEN: string; BEZ: string }>>(dataFiles.kreiseGeojson).features;
  return outlines
    .filter((feature) => feature.properties.ARS.startsWith(landAgs))
    .map((feature) => ({
      ags: feature.properties.ARS,
      name: `${feature.properties.BEZ} ${feature.properties.GEN}`,
      rings: (feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates).map((polygon) => polygon[0] as [number, number][]),
      population: population.get(feature.properties.ARS) ?? null,
    }));
}
