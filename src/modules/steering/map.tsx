import type { ComponentChildren } from 'preact';
import { mapProjection, svgPath } from '../forms/index.js';
import type { ComparisonArea } from './comparison.js';

/**
 * A map of the Kreise coloured by one figure, drawn on the server as SVG (no script). Five classes
 * of equal width between the smallest and the largest value, a light grey for "no value"; the
 * legend says which colour means what. The picture is hidden from screen readers: the table next
 * to it carries the figures. Colours are attributes: the CSP allows no inline styles.
 */

const width = 560;
/** Light to dark blue; the darkest still leaves the 1-px outline visible. */
export const classColours = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'] as const;
export const noValueColour = '#f0f0f0';

export interface MapClass {
  from: number;
  to: number;
  colour: string;
}

/** The classes for the values (none when there is no value; one when all are equal). */
export function classesOf(values: readonly (number | null)[]): MapClass[] {
  const present = values.filter((value): value is number => value !== null);
  if (present.length === 0) return [];
  const min = Math.min(...present);
  const max = Math.max(...present);
  if (min === max) return [{ from: min, to: max, colour: classColours.at(-1)! }];
  const step = (max - min) / classColours.length;
  return classColours.map((colour, index) => ({ from: min + index * step, to: index === classColours.length - 1 ? max : min + (index + 1) * step, colour }));
}

export function colourOf(value: number | null, classes: readonly MapClass[]): string {
  if (value === null || classes.length === 0) return noValueColour;
  return (classes.find((c) => value <= c.to) ?? classes.at(-1)!).colour;
}

export function ChoroplethMap({
  id,
  title,
  areas,
  legend,
  noValue,
  children,
}: {
  id: string;
  title: string;
  areas: readonly ComparisonArea[];
  /** The classes with their labels, as people read them ("12,5 bis 20,0"). */
  legend: { label: string; colour: string }[];
  noValue: string;
  children: ComponentChildren;
}) {
  const { height, project } = mapProjection(areas, width);
  const classes = classesOf(areas.map((area) => area.value));
  return (
    <figure class="aw-chart" aria-labelledby={`${id}-title`}>
      <figcaption class="kern-title" id={`${id}-title`}>
        {title}
      </figcaption>
      <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${width} ${height}`} width="100%" aria-hidden="true" focusable="false">
        <g stroke="#5b6770" stroke-width="0.8">
          {areas.map((area) => (
            <path key={area.ags} data-ags={area.ags} fill={colourOf(area.value, classes)} d={svgPath(area.rings, project)} />
          ))}
        </g>
      </svg>
      <ul class="aw-legend kern-list" aria-hidden="true">
        {[...legend, { label: noValue, colour: noValueColour }].map((entry) => (
          <li key={entry.label}>
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
              <rect x="0.5" y="0.5" width="15" height="15" fill={entry.colour} stroke="#5b6770" />
            </svg>{' '}
            {entry.label}
          </li>
        ))}
      </ul>
      {children}
    </figure>
  );
}
