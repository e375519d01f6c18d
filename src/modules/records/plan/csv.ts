import { parseCsvRecords, writeCsv } from '../../../core/csv.js';
import type { FieldError } from '../../../core/errors.js';
import type { Disposal, FileFormation } from '../tables.js';
import { flattenTree, treeFromRows, type FlatUnit, type PlanTree, type PlanTreeNode } from './model.js';
import { formatRetention, parseRetention } from './validation.js';

/**
 * The Aktenplan as CSV (documented in docs/records-plan.md): one unit per line, parents before
 * children, `;`-separated (what German spreadsheets expect; `,` is read too), UTF-8.
 */
export const csvColumns = ['kennzeichen', 'uebergeordnet', 'titel', 'aufbewahrung_jahre', 'aussonderungsart', 'aktenbildung', 'gueltig_ab', 'gueltig_bis', 'stillgelegt'] as const;
type Column = (typeof csvColumns)[number];

/** The CSV column each unit field is read from, so validation errors name the column. */
export const csvColumnOf: Record<string, Column> = {
  kennzeichen: 'kennzeichen',
  parent: 'uebergeordnet',
  title: 'titel',
  retentionYears: 'aufbewahrung_jahre',
  disposal: 'aussonderungsart',
  formation: 'aktenbildung',
  validFrom: 'gueltig_ab',
  validTo: 'gueltig_bis',
  retired: 'stillgelegt',
};

export function planTreeToCsv(tree: PlanTree): string {
  const rows = flattenTree(tree.units).map((unit) => [
    unit.kennzeichen,
    unit.parent ?? '',
    unit.title,
    formatRetention(unit.retentionYears),
    unit.disposal,
    unit.formation,
    unit.validFrom ?? '',
    unit.validTo ?? '',
    unit.retired ? 'ja' : 'nein',
  ]);
  return writeCsv([[...csvColumns], ...rows], ';');
}

export interface ParsedCsv {
  units: PlanTreeNode[];
  /** Where a unit's problem is reported: its line and column (`/lines/7/titel`). */
  pointerOf: (node: PlanTreeNode, field: string) => string;
  /** What is wrong with the file's structure (columns, parents, yes/no values); unit values are checked later, with the tree. */
  errors: FieldError[];
}

const linePointer = (line: number, column: string) => `/lines/${line}/${column}`;

/**
 * Reads units from CSV. Values are taken as written (validation reports them); this only refuses
 * what cannot become a tree: missing columns, a parent that is not an earlier line, a `stillgelegt`
 * that is neither ja nor nein.
 */
export function parsePlanCsv(text: string): ParsedCsv {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const [header, ...records] = parseCsvRecords(text, firstLine.includes(';') ? ';' : ',');
  const none = { units: [], pointerOf: () => '/lines' };
  if (!header) return { ...none, errors: [{ pointer: '/lines', code: 'records.plan.csv.empty' }] };
  const index = new Map(header.fields.map((name, position) => [name.trim().toLowerCase(), position]));
  const missing = csvColumns.filter((column) => !index.has(column));
  if (missing.length) return { ...none, errors: [{ pointer: `/lines/${header.line}`, code: 'records.plan.csv.columns', params: { columns: missing.join(', ') } }] };
  const errors: FieldError[] = [];
  const rows = records.map((record): FlatUnit => {
    const value = (column: Column) => (record.fields[index.get(column)!] ?? '').trim();
    const retired = value('stillgelegt').toLowerCase();
    if (retired !== 'ja' && retired !== 'nein' && retired !== '') errors.push({ pointer: linePointer(record.line, 'stillgelegt'), code: 'records.plan.csv.yesNo' });
    return {
      kennzeichen: value('kennzeichen'),
      parent: value('uebergeordnet') || null,
      title: value('titel'),
      retentionYears: parseRetention(value('aufbewahrung_jahre')),
      disposal: value('aussonderungsart').toUpperCase() as Disposal,
      formation: value('aktenbildung') as FileFormation,
      validFrom: value('gueltig_ab') || null,
      validTo: value('gueltig_bis') || null,
      retired: retired === 'ja',
    };
  });
  const pointer = (row: number, field: string) => linePointer(records[row]!.line, csvColumnOf[field] ?? field);
  const tree = treeFromRows(rows, pointer);
  return { units: tree.units, pointerOf: (node, field) => pointer(tree.indexOf.get(node) ?? 0, field), errors: [...errors, ...tree.errors] };
}
