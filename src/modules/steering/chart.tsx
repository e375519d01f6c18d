import type { ComponentChildren } from 'preact';

/**
 * A horizontal bar chart drawn on the server as SVG (no script), for people who see it; the data
 * table next to it carries the same figures for screen readers and for copying, so the picture
 * itself is hidden from assistive technology. Colours are attributes: the CSP allows no inline styles.
 */
export interface Bar {
  label: string;
  /** Null: nothing to draw (suppressed or unknown); `text` says why. */
  value: number | null;
  /** The value as people read it ("12,5", "< 5"). */
  text: string;
}

const width = 640;
const labelWidth = 220;
const valueWidth = 70;
const rowHeight = 26;
const barColour = '#0b5394';
const textColour = '#1b1b1b';

export function BarChart({ id, title, bars, children }: { id: string; title: string; bars: readonly Bar[]; children: ComponentChildren }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value ?? 0));
  const plotWidth = width - labelWidth - valueWidth;
  const height = Math.max(rowHeight, bars.length * rowHeight);
  return (
    <figure class="aw-chart" aria-labelledby={`${id}-title`}>
      <figcaption class="kern-title" id={`${id}-title`}>
        {title}
      </figcaption>
      <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${width} ${height}`} width="100%" aria-hidden="true" focusable="false" font-family="sans-serif" font-size="13">
        {bars.map((bar, index) => {
          const y = index * rowHeight;
          const barWidth = bar.value === null ? 0 : Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * plotWidth);
          return (
            <g key={index}>
              <text x={labelWidth - 8} y={y + rowHeight / 2 + 4} text-anchor="end" fill={textColour}>
                {bar.label.length > 30 ? `${bar.label.slice(0, 29)}…` : bar.label}
              </text>
              <rect x={labelWidth} y={y + 4} width={barWidth} height={rowHeight - 8} fill={barColour} />
              <text x={labelWidth + barWidth + 6} y={y + rowHeight / 2 + 4} fill={textColour}>
                {bar.text}
              </text>
            </g>
          );
        })}
      </svg>
      {children}
    </figure>
  );
}
