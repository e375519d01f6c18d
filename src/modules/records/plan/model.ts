import type { FieldError } from '../../../core/errors.js';
import type { Disposal, FileFormation, RecordsMode } from '../tables.js';

/**
 * The Aktenplan as services hand it out, and the plain tree that CSV and XDOMEA 0301 are read
 * into and written from: a PlanTree names units only by Kennzeichen (no ids), so the same tree
 * can be imported into another plan or installation.
 */

export const disposals: readonly Disposal[] = ['A', 'B', 'V'];
export const formations: readonly FileFormation[] = ['case', 'applicant', 'site', 'year'];
export const recordsModes: readonly RecordsMode[] = ['internal', 'xdomea-abgabe'];

/** A Kennzeichen: groups of letters or digits joined by `.` or `-`, e.g. `52.10.20`. */
export const kennzeichenPattern = /^[0-9A-Za-z]+(?:[.-][0-9A-Za-z]+)*$/;
export const maxKennzeichenLength = 40;
export const maxTitleLength = 300;
export const maxReasonLength = 1000;
export const maxRetentionYears = 200;
export const defaultFileNumberPattern = '{kennzeichen}-{seq:4}/{yyyy}';

export interface Plan {
  id: string;
  tenantId: string;
  /** Null: shared by the tenant's authorities. */
  authorityId: string | null;
  title: string;
  version: number;
  validFrom: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What a unit says, without where it is stored. */
export interface UnitFields {
  kennzeichen: string;
  title: string;
  /** Years after the zdA year ends; null = unbefristet. NaN stands for input that was no number (reported by validation). */
  retentionYears: number | null;
  disposal: Disposal;
  formation: FileFormation;
  validFrom: string | null;
  validTo: string | null;
}

export interface PlanUnit extends UnitFields {
  id: string;
  planId: string;
  parentId: string | null;
  retired: boolean;
  position: number;
}

export interface PlanTreeNode extends UnitFields {
  retired: boolean;
  children: PlanTreeNode[];
}

export interface PlanTree {
  title: string;
  validFrom: string | null;
  units: PlanTreeNode[];
}

/** A unit as one row of a list (CSV, API): its parent named by Kennzeichen, parents before children. */
export interface FlatUnit extends UnitFields {
  parent: string | null;
  retired: boolean;
}

/** A plan's units as a nested list, siblings by position. */
export interface UnitNode {
  unit: PlanUnit;
  children: UnitNode[];
}

export interface PlanChange {
  id: string;
  unitId: string | null;
  planVersion: number;
  change: 'create' | 'update' | 'retire' | 'import';
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  actorName: string;
  reason: string | null;
  createdAt: string;
}

export interface RecordSettings {
  authorityId: string;
  planId: string | null;
  fileNumberPattern: string;
  mode: RecordsMode;
  handoverTarget: string | null;
  /** False while nothing was saved for the authority: the values are the defaults. */
  saved: boolean;
}

/** Builds the nested list from flat units (children after parents need not hold; orphans become roots). */
export function nestUnits(units: PlanUnit[]): UnitNode[] {
  const nodes = new Map(units.map((unit) => [unit.id, { unit, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentId ? nodes.get(node.unit.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => a.unit.position - b.unit.position || a.unit.kennzeichen.localeCompare(b.unit.kennzeichen, 'de', { numeric: true }));
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** Every node of a tree, parents before children, with its parent. */
export function* walkTree(nodes: PlanTreeNode[], parent: PlanTreeNode | null = null): Generator<{ node: PlanTreeNode; parent: PlanTreeNode | null; position: number }> {
  for (const [position, node] of nodes.entries()) {
    yield { node, parent, position };
    yield* walkTree(node.children, node);
  }
}

/** The tree as rows, parents before children. */
export function flattenTree(units: PlanTreeNode[]): FlatUnit[] {
  return [...walkTree(units)].map(({ node: { children: _children, ...fields }, parent }) => ({ ...fields, parent: parent?.kennzeichen ?? null }));
}

/**
 * Builds the tree from rows. A row whose parent is not an earlier row is reported at
 * `pointer(index, 'parent')` and kept at the top, so the rest is still checked.
 */
export function treeFromRows(
  rows: FlatUnit[],
  pointer: (index: number, field: string) => string,
): { units: PlanTreeNode[]; indexOf: Map<PlanTreeNode, number>; errors: FieldError[] } {
  const units: PlanTreeNode[] = [];
  const indexOf = new Map<PlanTreeNode, number>();
  const errors: FieldError[] = [];
  const byKennzeichen = new Map<string, PlanTreeNode>();
  rows.forEach(({ parent: parentKennzeichen, ...fields }, index) => {
    const node: PlanTreeNode = { ...fields, children: [] };
    const parent = parentKennzeichen ? byKennzeichen.get(parentKennzeichen) : undefined;
    if (parentKennzeichen && !parent) errors.push({ pointer: pointer(index, 'parent'), code: 'records.plan.csv.parentUnknown', params: { kennzeichen: parentKennzeichen } });
    (parent ? parent.children : units).push(node);
    indexOf.set(node, index);
    if (!byKennzeichen.has(node.kennzeichen)) byKennzeichen.set(node.kennzeichen, node);
  });
  return { units, indexOf, errors };
}
