import type { View } from '../../../web/view.js';
import type { FormDefinition } from '../definition.js';
import { areasContaining, collectMapFeatures, findMapBase, type MapArea } from '../map.js';
import { toPosition } from '../geo.js';
import { mapProjection, svgPath, type MapFrame } from '../projection.js';
import type { CoordinateField } from '../definition.js';
import { referenceSystem } from '../../../core/reference-systems.js';
import { chosenCrs } from './chosen-crs.js';

const width = 600;

interface ProjectedBase {
  height: number;
  frame: MapFrame;
  project: (lon: number, lat: number) => [number, number];
  /** Each area's SVG path, in the order of the areas. */
  paths: string[];
}

/** The base map's projection and outlines, computed once per base: they are the bulk of the work and never change. */
const projectedBases = new WeakMap<readonly MapArea[], ProjectedBase>();

function projectedBase(areas: readonly MapArea[]): ProjectedBase {
  let projected = projectedBases.get(areas);
  if (!projected) {
    const { height, project, frame } = mapProjection(areas, width);
    projected = { height, project, frame, paths: areas.map((area) => svgPath(area.rings, project)) };
    projectedBases.set(areas, projected);
  }
  return projected;
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
          <path d={svgPath([area.ring], project)} fill="#e07b00" fill-opacity="0.4" stroke="#a35200" stroke-width="1.5" />
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

type Data = Record<string, unknown>;

/** A typed number as the inputs hold it (decimal comma or point), or undefined. */
function typedNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const value = Number(raw.trim().replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}

/** The place of a coordinate answer: saved (both systems) or as typed in the chosen system; undefined if there is none yet. */
export function placeOf(view: View, field: CoordinateField, value: unknown): { lon: number; lat: number } | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const data = value as Data;
  const crs = chosenCrs(view, field, data);
  const [x, y] = referenceSystem(crs).axes.map((axis) => typedNumber(data[axis]));
  const position = x !== undefined && y !== undefined ? toPosition(crs, x, y) : undefined;
  return position && { lon: position.lon, lat: position.lat };
}

/** The base map a form's coordinate questions are placed on, if the form names one that some module contributes. */
export function pickerBase(view: View, form: FormDefinition) {
  return form.map ? findMapBase(view.extensions, view.tenant.slug, form.map.base) : undefined;
}

/**
 * Beside a coordinate question: the form's base map with the answer's point. Without script the
 * point is the one sent ("Auf der Karte zeigen" sends the page and shows it again); with
 * /assets/map-picker.js a click on the map fills the inputs and the marker follows them. The SVG is
 * an image with a title and description, the caption says how to use it; the inputs stay the way to answer.
 */
export function PointPicker({
  view,
  form,
  field,
  fieldId,
  pointer,
  value,
}: {
  view: View;
  form: FormDefinition;
  field: CoordinateField;
  fieldId: string;
  pointer: string;
  value: unknown;
}) {
  const base = pickerBase(view, form);
  if (!base) return null;
  const { t, lang } = view;
  const areas = base.areas();
  const { height, project, paths, frame } = projectedBase(areas);
  const place = placeOf(view, field, value);
  const [x, y] = place ? project(place.lon, place.lat) : [0, 0];
  const districts = place ? areasContaining(areas, [place]).join(', ') || t('forms.map.outside') : '';
  const label = field.label[lang];
  const id = `${fieldId}-map`;
  return (
    <figure class="aw-map aw-map-picker" id={id} data-map-picker data-field={fieldId} data-msg-picked={t('forms.mapPicker.picked', { x: '{x}', y: '{y}' })}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        xmlns="http://www.w3.org/2000/svg"
        data-west={frame.west}
        data-north={frame.north}
        data-kx={frame.kx}
        data-ky={frame.ky}
      >
        <title id={`${id}-title`}>{t('forms.mapPicker.title', { label, base: base.label[lang] })}</title>
        <desc id={`${id}-desc`}>{place ? t('forms.mapPicker.point', { districts }) : t('forms.mapPicker.noPoint')}</desc>
        <g stroke="#5b6770" stroke-width="0.8">
          {areas.map((_, index) => (
            <path d={paths[index]} fill={place && districts.split(', ').includes(areas[index]!.name) ? '#cfe3f7' : '#f3f5f7'} />
          ))}
        </g>
        <circle data-marker cx={x} cy={y} r="6" fill="#b3001b" stroke="#ffffff" stroke-width="2" visibility={place ? 'visible' : 'hidden'} />
      </svg>
      <figcaption class="kern-body">
        {t('forms.mapPicker.caption', { label })}{' '}
        <button type="submit" class="kern-btn kern-btn--tertiary" name="_action" value={`show:${pointer}`} data-map-show>
          <span class="kern-label">{t('forms.mapPicker.show')}</span>
        </button>
      </figcaption>
      <p class="kern-sr-only" role="status" aria-live="polite" />
    </figure>
  );
}
