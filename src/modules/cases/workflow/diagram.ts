import type { Language } from '../../../core/i18n/index.js';
import type { Workflow } from './schema.js';

/**
 * A workflow as an SVG diagram, rendered on the server, styled by presentation attributes only
 * (no script, no style element: the CSP forbids both). States are laid out in columns by their distance from the initial states;
 * actions are arrows labelled with their name. The page shows the same as a text list.
 */

const boxWidth = 190;
const boxHeight = 46;
const columnGap = 120;
const rowGap = 44;
const margin = 30;

const labelStyle = 'font-family="sans-serif" font-size="11" fill="#333"';

function edgeStyle(system: boolean): string {
  return `fill="none" stroke="#1d2b4f" stroke-width="1.3"${system ? ' stroke-dasharray="5 4"' : ''}`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Column of each state: breadth-first distance from the initial states; unreachable ones go last. */
function columnsOf(workflow: Workflow): Map<string, number> {
  const column = new Map<string, number>();
  const queue = [workflow.initial.case, ...(workflow.initial.involvement ? [workflow.initial.involvement] : [])];
  queue.forEach((state) => column.set(state, 0));
  while (queue.length) {
    const state = queue.shift()!;
    for (const action of Object.values(workflow.actions)) {
      if (!action.from.includes(state) || column.has(action.to)) continue;
      column.set(action.to, column.get(state)! + 1);
      queue.push(action.to);
    }
  }
  const last = Math.max(0, ...column.values()) + 1;
  for (const state of Object.keys(workflow.states)) if (!column.has(state)) column.set(state, last);
  return column;
}

export function workflowSvg(workflow: Workflow, lang: Language): string {
  const column = columnsOf(workflow);
  const rows = new Map<number, number>();
  const position = new Map<string, { x: number; y: number }>();
  for (const state of Object.keys(workflow.states)) {
    const c = column.get(state)!;
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    position.set(state, { x: margin + c * (boxWidth + columnGap), y: margin + r * (boxHeight + rowGap) });
  }
  const width = margin * 2 + (Math.max(...column.values()) + 1) * (boxWidth + columnGap) - columnGap;
  const height = margin * 2 + Math.max(...rows.values()) * (boxHeight + rowGap) - rowGap + 30;
  const parts: string[] = [];
  for (const [name, action] of Object.entries(workflow.actions)) {
    for (const from of action.from) {
      const a = position.get(from)!;
      const b = position.get(action.to)!;
      const label = `${escapeXml(action.label[lang])}${action.fourEyes ? ' (4-Augen)' : ''}`;
      if (from === action.to) {
        const x = a.x + boxWidth / 2;
        parts.push(
          `<path ${edgeStyle(false)} d="M ${x - 30} ${a.y + boxHeight} C ${x - 40} ${a.y + boxHeight + 40}, ${x + 40} ${a.y + boxHeight + 40}, ${x + 30} ${a.y + boxHeight}" marker-end="url(#arrow)"><title>${escapeXml(name)}</title></path>`,
        );
        parts.push(`<text ${labelStyle} x="${x}" y="${a.y + boxHeight + 40}" text-anchor="middle">${label}</text>`);
        continue;
      }
      const forward = b.x >= a.x;
      const x1 = forward ? a.x + boxWidth : a.x;
      const x2 = forward ? b.x : b.x + boxWidth;
      const y1 = a.y + boxHeight / 2 + (forward ? -6 : 6);
      const y2 = b.y + boxHeight / 2 + (forward ? -6 : 6);
      const bend = forward ? 0 : 60;
      parts.push(
        `<path ${edgeStyle(action.system === true)} d="M ${x1} ${y1} C ${(x1 + x2) / 2} ${y1 + bend}, ${(x1 + x2) / 2} ${y2 + bend}, ${x2} ${y2}" marker-end="url(#arrow)"><title>${escapeXml(name)}</title></path>`,
      );
      parts.push(`<text ${labelStyle} x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 4 + bend * 0.75}" text-anchor="middle">${label}</text>`);
    }
  }
  for (const [name, state] of Object.entries(workflow.states)) {
    const { x, y } = position.get(name)!;
    parts.push(
      `<g><rect x="${x}" y="${y}" width="${boxWidth}" height="${boxHeight}" rx="8" fill="${state.terminal ? '#dfeedd' : '#eef3fb'}" stroke="#1d2b4f" stroke-width="${state.terminal ? 3 : 1.5}"/><text font-family="sans-serif" font-size="13" font-weight="600" fill="#1d2b4f" x="${x + boxWidth / 2}" y="${y + boxHeight / 2 + 5}" text-anchor="middle">${escapeXml(state.staff[lang])}</text></g>`,
    );
  }
  const title = lang === 'de' ? `Ablauf des Verfahrens ${workflow.procedureKey}` : `Workflow of the procedure ${workflow.procedureKey}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="title">`,
    `<title id="title">${escapeXml(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#1d2b4f"/></marker>',
    '</defs>',
    ...parts,
    '</svg>',
  ].join('\n');
}
