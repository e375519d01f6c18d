import type { FigureRow, LoadRow, ScenarioResult } from './scenario.js';

type Cell = string;

function table(header: Cell[], rows: Cell[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: Cell[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** Fixed decimals when given; otherwise as many as a small figure needs to stay readable (0.42, 7.5, 1,234). */
function number(value: number, digits?: number): string {
  const decimals = digits ?? (Math.abs(value) < 10 ? 2 : Math.abs(value) < 100 ? 1 : 0);
  return value.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: digits ?? 0 });
}

function verdict(figure: FigureRow): string {
  if (!figure.target) return '';
  const { limit, kind } = figure.target;
  const met = kind === 'max' ? figure.value <= limit : figure.value >= limit;
  return `${kind === 'max' ? '≤' : '≥'} ${number(limit)} ${met ? 'met' : 'MISSED'}`;
}

export interface ScenarioReport extends ScenarioResult {
  scenario: string;
}

function ratio(load: LoadRow): string {
  if (load.ratioToBare === undefined) return '';
  const target = load.ratioTarget === undefined ? '' : ` (≥ ${number(load.ratioTarget, 2)} ${load.ratioToBare >= load.ratioTarget ? 'met' : 'MISSED'})`;
  return number(load.ratioToBare, 2) + target;
}

export function formatReport(reports: ScenarioReport[]): string {
  const loadRows = reports.flatMap((report) =>
    report.loads.map((load) => [
      report.scenario,
      load.request,
      load.server,
      number(load.reqPerSec),
      number(load.p99Ms),
      ratio(load),
      load.failures ? `${load.failures} FAILED` : '0',
    ]),
  );
  const figureRows = reports.flatMap((report) =>
    report.figures.map((figure) => [report.scenario, figure.figure, `${number(figure.value, figure.unit === 'MB' ? 1 : undefined)} ${figure.unit}`, verdict(figure)]),
  );
  return [table(['scenario', 'request', 'server', 'req/s', 'p99 ms', 'ours/bare', 'failures'], loadRows), '', table(['scenario', 'figure', 'value', 'target'], figureRows)].join(
    '\n',
  );
}
