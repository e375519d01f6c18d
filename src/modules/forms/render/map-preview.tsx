import type { View } from '../../../web/view.js';
import type { FormDefinition } from '../definition.js';
import { areasContaining, collectMapFeatures, findMapBase, type MapArea } from '../map.js';

const width = 600;

/** Plate carrée with the longitude shrunk by cos(latitude): true enough in shape for one Land. */
function projection(areas: readonly MapArea[]) {
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const area of areas) {
    for (const ring of area.rings) {
      for (const [lon, lat] of ring) {
        minLon = Math.min(minLon, lon);
        maxLon = Math.max(maxLon, lon);
        minLat = Math.min(minLat, lat);
        maxLat = Math.max(maxLat, lat);
      }
    }
  }
  const shrink = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = width / ((maxLon - minLon) * shrink);
  const height = Math.ceil((maxLat - minLat) * scale);
  const project = (lon: number, lat: number): [number, number] => [Math.round((lon - minLon) * shrink * scale * 10) / 10, Math.round((maxLat - lat) * scale * 10) / 10];
  return { height, project };
}

interface ProjectedBase {
  height: number;
  project: (lon: number, lat: number) => [number, number];
  /** Each area's SVG path, in the order of the areas. */
  paths: string[];
}

/** The base map's projection and outlines, computed once per base: they are the bulk of the work and never change. */
const projectedBases = new WeakMap<readonly MapArea[], ProjectedBase>();

function projectedBase(areas: readonly MapArea[]): ProjectedBase {
  let projected = projectedBases.get(areas);
  if (!projected) {
    const { height, project } = projection(areas);
    projected = { height, project, paths: areas.map((area) => pathOf(area.rings, project)) };
    projectedBases.set(areas, projected);
  }
  return projected;
}

function pathOf(rings: readonly (readonly [number, number][])[], project: (lon: number, lat: number) => [number, number]): string {
  return rings
    .map((ring) => {
      const points = ring.map(([lon, lat]) => project(lon, lat)).filter((p, i, all) => i === 0 || p[0] !== all[i - 1]![0] || p[1] !== all[i - 1]![1]);
      return `M${points.map(([x, y]) => `${x} ${y}`).join('L')}Z`;
    })
    .join('');
}

/**
 * The form's `map`: an SVG of the tenant's base map (e.g. a Land's Kreise) with the answers' points and
 * areas, the containing districts highlighted. Colours are SVG presentation attributes (the CSP
 * forbids style attributes); the title, description and caption are the text alternative.
 * Renders nothing without a `map` in the form, a contributed base or a place in the answers.
 */
export function MapPreview({ view, form, value, idPrefix = 'map' }: { view: View; form: FormDefinition; value: Record<string, unknown>; idPrefix?: string }) {
  const definition = form.map;
  const base = definition ? findMapBase(view.extensions, view.tenant.slug, definition.base) : undefined;
  if (!definition || !base) return null;
  const features = collectMapFeatures(form, value);
  if (features.points.length === 0 && features.areas.length === 0) return null;
  const { t, lang } = view;
  const areas = base.areas();
  const { height, project, paths } = projectedBase(areas);
  const places = [...features.points, ...features.areas.flatMap((area) => area.ring.map(([lon, lat]) => ({ lon, lat })))];
  const containing = new Set(areasContaining(areas, places));
  const districts = [...containing].join(', ') || t('forms.map.outside');
  const title = definition.title[lang];
  return (
    <figure class="aw-map">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${idPrefix}-title ${idPrefix}-desc`} xmlns="http://www.w3.org/2000/svg">
        <title id={`${idPrefix}-title`}>{title}</title>
        <desc id={`${idPrefix}-desc`}>{t('forms.map.description', { base: base.label[lang], points: features.points.length, areas: features.areas.length, districts })}</desc>
        <g stroke="#5b6770" stroke-width="0.8">
          {areas.map((area, index) => (
            <path d={paths[index]} fill={containing.has(area.name) ? '#cfe3f7' : '#f3f5f7'} />
          ))}
        </g>
        {features.areas.map((area) => (
          <path d={pathOf([area.ring], project)} fill="#e07b00" fill-opacity="0.4" stroke="#a35200" stroke-width="1.5" />
        ))}
        <g font-size="13" font-family="sans-serif">
          {features.points.map((point) => {
            const [x, y] = project(point.lon, point.lat);
            return (
              <g>
                <circle cx={x} cy={y} r="4.5" fill="#b3001b" stroke="#ffffff" stroke-width="1.5" />
                <text x={x + 7} y={y - 5} fill="#1b1b1b">
                  {point.label}
                </text>
              </g>
            );
          })}
        </g>
      </svg>
      <figcaption class="kern-body">{t('forms.map.caption', { title, districts })}</figcaption>
    </figure>
  );
}
