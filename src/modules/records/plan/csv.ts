import { parseCsvRecords, writeCsv } from '../../../core/csv.js';
import type { FieldError } from '../../../core/errors.js';
import type { Disposal, FileFormation } from '../tables.js';
import { walkTree, type PlanTree, type PlanTreeNode } from './model.js';
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
  const rows: string[][] = [[...csvColumns]];
  for (const { node, parent } of walkTree(tree.units)) {
    rows.push([node.kennzeichen, parent?.kennzeichen ?? '', node.title, formatRetention(node.retentionYears), node.disposal, node.formation, node.validFrom ?? '', node.validTo ?? '', node.retired ? 'ja' : 'nein']);
  }
  return writeCsv(rows, ';');
}

export interface ParsedCsv {
  units: PlanTreeNode[];
  /** The line each unit came from, for error pointers. */
  lineOf: Map<PlanTreeNode, number>;
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
  const records = parseCsvRecords(text, firstLine.includes(';') ? ';' : ',');
  const units: PlanTreeNode[] = [];
  const lineOf = new Map<PlanTreeNode, number>();
  const errors: FieldError[] = [];
  const [header, ...lines] = records;
  if (!header) return { units, lineOf, errors: [{ pointer: '/lines', code: 'records.plan.csv.empty' }] };
  const index = new Map(header.fields.map((name, position) => [name.trim().toLowerCase(), position]));
  const missing = csvColumns.filter((column) => !index.has(column));
  if (missing.length) return { units, lineOf, errors: [{ pointer: `/lines/${header.line}`, code: 'records.plan.csv.columns', params: { columns: missing.join(', ') } }] };
  const byKennzeichen = new Map<string, PlanTreeNode>();
  for (const record of lines) {
    const value = (column: Column) => (record.fields[index.get(column)!] ?? '').trim();
    const optional = (column: Column) => value(column) || null;
    const node: PlanTreeNode = {
      kennzeichen: value('kennzeichen'),
      title: value('titel'),
      retentionYears: parseRetention(value('aufbewahrung_jahre')),
      disposal: value('aussonderungsart').toUpperCase() as Disposal,
      formation: value('aktenbildung') as FileFormation,
      validFrom: optional('gueltig_ab'),
      validTo: optional('gueltig_bis'),
      retired: false,
      children: [],
    };
    const retired = value('stillgelegt').toLowerCase();
    if (retired === 'ja') node.retired = true;
    else if (retired !== 'nein' && retired !== '') errors.push({ pointer: linePointer(record.line, 'stillgelegt'), code: 'records.plan.csv.yesNo' });
    const parentKennzeichen = value('uebergeordnet');
    const parent = parentKennzeichen ? byKennzeichen.get(parentKennzeichen) : undefined;
    if (parentKennzeichen && !parent) errors.push({ pointer: linePointer(record.line, 'uebergeordnet'), code: 'records.plan.csv.parentUnknown', params: { kennzeichen: parentKennzeichen } });
    (parent ? parent.children : units).push(node);
    lineOf.set(node, record.line);
    if (!byKennzeichen.has(node.kennzeichen)) byKennzeichen.set(node.kennzeichen, node);
  }
  return { units, lineOf, errors };
}

/** Where a unit's problem is reported: its line and column. */
export function csvPointer(lineOf: Map<PlanTreeNode, number>) {
  return (node: PlanTreeNode, field: string) => linePointer(lineOf.get(node) ?? 0, csvColumnOf[field] ?? field);
}
