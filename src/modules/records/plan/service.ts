import { appendAudit } from '../../../core/audit/index.js';
import { dateOf } from '../../../core/calendar/index.js';
import { toStored } from '../../../core/clock.js';
import type { AppContext } from '../../../core/context.js';
import { inTransaction, violatesUnique, type Trx } from '../../../core/db/index.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { auditActor, can, authorize, type Actor } from '../../access/index.js';
import { getAuthority } from '../../catalog/index.js';
import type { RecordPlanChangeTable, RecordPlanUnitTable, RecordsMode } from '../tables.js';
import { parsePlanCsv } from './csv.js';
import {
  defaultFileNumberPattern,
  maxReasonLength,
  nestUnits,
  treeFromRows,
  walkTree,
  type FlatUnit,
  type Plan,
  type PlanChange,
  type PlanTree,
  type PlanTreeNode,
  type PlanUnit,
  type RecordSettings,
  type UnitFields,
  type UnitNode,
} from './model.js';
import * as store from './store.js';
import { validateSettings, validateTree, validateUnitFields } from './validation.js';

/**
 * The Aktenplan: plans of an authority or shared by the tenant, their units, and each
 * authority's records settings. Deny by default: `records.plan.read` to look, `records.plan.edit`
 * to change (see docs/records-plan.md). Every change is one transaction that moves the plan to
 * its next version, keeps each unit's before and after with who and why, and appends the audit entry.
 */

// ---- who may ----

/** The actor's own authorities (where its memberships or API client belong); null stands for tenant-wide. */
function actorAuthorities(actor: Actor): (string | null)[] {
  if (actor.kind === 'staff') return actor.memberships.map((m) => m.authorityId);
  return actor.kind === 'apiClient' ? [actor.authorityId] : [];
}

/** A plan of an authority is read by that authority's staff; the tenant's shared plan by the staff of any of its authorities. */
export function mayReadPlan(actor: Actor, plan: Pick<Plan, 'tenantId' | 'authorityId'>): boolean {
  if (plan.authorityId !== null) return can(actor, 'records.plan.read', { tenantId: plan.tenantId, authorityId: plan.authorityId });
  return actorAuthorities(actor).some((authorityId) => can(actor, 'records.plan.read', { tenantId: plan.tenantId, authorityId }));
}

/** Only tenant-wide holders of the role may edit the shared plan: it binds every authority. */
export function mayEditPlan(actor: Actor, plan: Pick<Plan, 'tenantId' | 'authorityId'>): boolean {
  return can(actor, 'records.plan.edit', { tenantId: plan.tenantId, authorityId: plan.authorityId });
}

function actorName(actor: Actor): string {
  if (actor.kind === 'staff' || actor.kind === 'citizen') return actor.name;
  return actor.kind === 'apiClient' ? `API-Client ${actor.clientId}` : 'System';
}

async function readablePlan(ctx: AppContext, actor: Actor, planId: string): Promise<Plan> {
  const plan = await store.findPlan(ctx.db, actor.tenantId, planId);
  // A plan the actor may not read does not exist for them (no probing of ids).
  if (!plan || !mayReadPlan(actor, plan)) throw new NotFoundError('records.plan.error.planNotFound');
  return plan;
}

// ---- reading ----

export async function listPlans(ctx: AppContext, actor: Actor): Promise<Plan[]> {
  return (await store.listPlans(ctx.db, actor.tenantId)).filter((plan) => mayReadPlan(actor, plan));
}

export interface PlanView {
  plan: Plan;
  units: PlanUnit[];
  tree: UnitNode[];
  mayEdit: boolean;
}

export async function getPlan(ctx: AppContext, actor: Actor, planId: string): Promise<PlanView> {
  const plan = await readablePlan(ctx, actor, planId);
  const units = await store.listUnits(ctx.db, actor.tenantId, plan.id);
  return { plan, units, tree: nestUnits(units), mayEdit: mayEditPlan(actor, plan) };
}

/** The plan's changes, newest first. */
export async function planHistory(ctx: AppContext, actor: Actor, planId: string): Promise<PlanChange[]> {
  const plan = await readablePlan(ctx, actor, planId);
  return store.listChanges(ctx.db, actor.tenantId, plan.id);
}

/** The plan as a plain tree (no ids): what CSV and XDOMEA 0301 are written from. */
export async function exportPlanTree(ctx: AppContext, actor: Actor, planId: string): Promise<PlanTree> {
  const { plan, tree } = await getPlan(ctx, actor, planId);
  const toNode = ({ unit, children }: UnitNode): PlanTreeNode => ({
    kennzeichen: unit.kennzeichen,
    title: unit.title,
    retentionYears: unit.retentionYears,
    disposal: unit.disposal,
    formation: unit.formation,
    validFrom: unit.validFrom,
    validTo: unit.validTo,
    retired: unit.retired,
    children: children.map(toNode),
  });
  return { title: plan.title, validFrom: plan.validFrom, units: tree.map(toNode) };
}

// ---- changing ----

interface ChangeContext {
  trx: Trx;
  plan: Plan;
  /** The version this change makes. */
  version: number;
  now: string;
  changes: RecordPlanChangeTable[];
}

/** What the history keeps of a unit: its fields, where it hangs (by Kennzeichen) and its place. */
function snapshot(unit: UnitFields & Pick<PlanUnit, 'retired' | 'position'>, parentKennzeichen: string | null): Record<string, unknown> {
  const { kennzeichen, title, retentionYears, disposal, formation, validFrom, validTo, retired, position } = unit;
  return { kennzeichen, title, retentionYears, disposal, formation, validFrom, validTo, retired, position, parent: parentKennzeichen };
}

function reasonError(reason: string | null, required: boolean): FieldError[] {
  if (reason && reason.length > maxReasonLength) return [{ pointer: '/reason', code: 'records.plan.error.tooLong', params: { max: maxReasonLength } }];
  return required && !reason?.trim() ? [{ pointer: '/reason', code: 'records.plan.error.reasonRequired' }] : [];
}

/**
 * Runs one change of a plan the actor may edit: locks in the next version (a ConflictError when
 * `expectedVersion` is stale or someone else changed the plan meanwhile), lets `work` change units
 * and list its history rows, then writes those and the audit entry.
 */
async function changePlan<T>(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  expectedVersion: number | undefined,
  audit: { action: string; details: (result: T) => Record<string, unknown> },
  work: (change: ChangeContext) => Promise<T>,
): Promise<T & { version: number }> {
  const plan = await readablePlan(ctx, actor, planId);
  authorize(actor, 'records.plan.edit', { tenantId: plan.tenantId, authorityId: plan.authorityId });
  const now = toStored(ctx.clock.now());
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const current = await store.findPlan(trx, actor.tenantId, plan.id);
      if (!current || (expectedVersion !== undefined && expectedVersion !== current.version)) throw new ConflictError('records.plan.error.changedMeanwhile');
      const change: ChangeContext = { trx, plan: current, version: current.version + 1, now, changes: [] };
      const result = await work(change);
      if (!(await store.advancePlanVersion(trx, actor.tenantId, plan.id, current.version, now))) throw new ConflictError('records.plan.error.changedMeanwhile');
      await store.insertChanges(trx, change.changes);
      await appendAudit(trx, ctx, {
        tenantId: actor.tenantId,
        actor: auditActor(actor),
        action: audit.action,
        objectType: 'record_plan',
        objectId: plan.id,
        details: { version: change.version, ...audit.details(result) },
      });
      return { ...result, version: change.version };
    });
  } catch (error) {
    // Two people adding the same Kennzeichen at once: the unique index decides, the loser hears why.
    if (duplicateKennzeichen(error)) throw new ValidationError([{ pointer: '/kennzeichen', code: 'records.plan.error.kennzeichenTaken' }]);
    throw error;
  }
}

/** The unique index `record_plan_units_kennzeichen` (plan, Kennzeichen) refused a row; SQLite names its columns, PostgreSQL the index. */
function duplicateKennzeichen(error: unknown): boolean {
  return violatesUnique(error, 'record_plan_units', 'kennzeichen') || (error as { code?: unknown; constraint?: unknown })?.constraint === 'record_plan_units_kennzeichen';
}

function changeRow(
  change: ChangeContext,
  actor: Actor,
  kind: RecordPlanChangeTable['change'],
  unitId: string | null,
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  reason: string | null,
): RecordPlanChangeTable {
  return {
    id: newId(),
    tenant_id: change.plan.tenantId,
    plan_id: change.plan.id,
    unit_id: unitId,
    plan_version: change.version,
    change: kind,
    before: before && JSON.stringify(before),
    after: after && JSON.stringify(after),
    actor_id: auditActor(actor).id,
    actor_name: actorName(actor),
    reason,
    created_at: change.now,
  };
}

export interface NewPlan {
  /** Null: shared by the tenant's authorities. */
  authorityId: string | null;
  title: string;
  validFrom: string | null;
  reason?: string | null;
}

export async function createPlan(ctx: AppContext, actor: Actor, input: NewPlan): Promise<Plan> {
  const tenantId = actor.tenantId;
  authorize(actor, 'records.plan.edit', { tenantId, authorityId: input.authorityId });
  const errors = validateTree({ title: input.title, validFrom: input.validFrom, units: [] }, new Set(), () => '');
  if (input.authorityId !== null && !(await getAuthority(ctx, tenantId, input.authorityId))) errors.push({ pointer: '/authorityId', code: 'records.plan.error.authorityUnknown' });
  errors.push(...reasonError(input.reason ?? null, false));
  if (errors.length) throw new ValidationError(errors);
  const now = toStored(ctx.clock.now());
  const plan: Plan = { id: newId(), tenantId, authorityId: input.authorityId, title: input.title.trim(), version: 1, validFrom: input.validFrom, createdAt: now, updatedAt: now };
  await inTransaction(ctx.db, async (trx) => {
    await store.insertPlan(trx, {
      id: plan.id,
      tenant_id: tenantId,
      authority_id: plan.authorityId,
      title: plan.title,
      version: 1,
      valid_from: plan.validFrom,
      created_at: now,
      updated_at: now,
    });
    const after = { title: plan.title, authorityId: plan.authorityId, validFrom: plan.validFrom };
    await store.insertChanges(trx, [changeRow({ trx, plan, version: 1, now, changes: [] }, actor, 'create', null, null, after, input.reason ?? null)]);
    await appendAudit(trx, ctx, { tenantId, actor: auditActor(actor), action: 'records.plan.create', objectType: 'record_plan', objectId: plan.id, details: after });
  });
  return plan;
}

export interface UnitInput {
  /** The unit it hangs under; null for a top-level unit. */
  parentId: string | null;
  fields: UnitFields;
  reason: string | null;
  /** The plan version the form was based on; a stale one is a ConflictError. */
  expectedVersion?: number;
}

/** A parent must be a unit of the same plan, not retired, and (when moving) not the unit itself or below it. */
function parentErrors(units: PlanUnit[], parentId: string | null, movingId: string | null): FieldError[] {
  if (parentId === null) return [];
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const parent = byId.get(parentId);
  if (!parent) return [{ pointer: '/parentId', code: 'records.plan.error.parentUnknown' }];
  if (parent.retired) return [{ pointer: '/parentId', code: 'records.plan.error.parentRetired' }];
  for (let at: PlanUnit | undefined = parent; at; at = at.parentId ? byId.get(at.parentId) : undefined) {
    if (at.id === movingId) return [{ pointer: '/parentId', code: 'records.plan.error.parentCycle' }];
  }
  return [];
}

function kennzeichenTaken(units: PlanUnit[], kennzeichen: string, exceptId: string | null): FieldError[] {
  return units.some((unit) => unit.kennzeichen === kennzeichen && unit.id !== exceptId) ? [{ pointer: '/kennzeichen', code: 'records.plan.error.kennzeichenTaken' }] : [];
}

const kennzeichenOf = (units: PlanUnit[], id: string | null) => (id === null ? null : (units.find((unit) => unit.id === id)?.kennzeichen ?? null));

function unitColumns(fields: UnitFields): Pick<RecordPlanUnitTable, 'kennzeichen' | 'title' | 'retention_years' | 'disposal' | 'formation' | 'valid_from' | 'valid_to'> {
  return {
    kennzeichen: fields.kennzeichen,
    title: fields.title.trim(),
    retention_years: fields.retentionYears,
    disposal: fields.disposal,
    formation: fields.formation,
    valid_from: fields.validFrom,
    valid_to: fields.validTo,
  };
}

export async function createUnit(ctx: AppContext, actor: Actor, planId: string, input: UnitInput): Promise<{ unit: PlanUnit; version: number }> {
  return changePlan<{ unit: PlanUnit }>(
    ctx,
    actor,
    planId,
    input.expectedVersion,
    { action: 'records.plan.unit.create', details: ({ unit }) => ({ unitId: unit.id, kennzeichen: unit.kennzeichen }) },
    async (change) => {
      const units = await store.listUnits(change.trx, change.plan.tenantId, change.plan.id);
      const errors = [
        ...validateUnitFields(input.fields),
        ...kennzeichenTaken(units, input.fields.kennzeichen, null),
        ...parentErrors(units, input.parentId, null),
        ...reasonError(input.reason, false),
      ];
      if (errors.length) throw new ValidationError(errors);
      const position = Math.max(-1, ...units.filter((unit) => unit.parentId === input.parentId).map((unit) => unit.position)) + 1;
      const unit: PlanUnit = { ...input.fields, title: input.fields.title.trim(), id: newId(), planId: change.plan.id, parentId: input.parentId, retired: false, position };
      await store.insertUnits(change.trx, [
        {
          id: unit.id,
          tenant_id: change.plan.tenantId,
          plan_id: unit.planId,
          parent_id: unit.parentId,
          ...unitColumns(unit),
          retired: 0,
          position,
          created_at: change.now,
          updated_at: change.now,
        },
      ]);
      change.changes.push(changeRow(change, actor, 'create', unit.id, null, snapshot(unit, kennzeichenOf(units, unit.parentId)), input.reason));
      return { unit };
    },
  );
}

export async function updateUnit(ctx: AppContext, actor: Actor, planId: string, unitId: string, input: UnitInput): Promise<{ unit: PlanUnit; version: number }> {
  return changePlan<{ unit: PlanUnit }>(
    ctx,
    actor,
    planId,
    input.expectedVersion,
    { action: 'records.plan.unit.update', details: ({ unit }) => ({ unitId: unit.id, kennzeichen: unit.kennzeichen }) },
    async (change) => {
      const units = await store.listUnits(change.trx, change.plan.tenantId, change.plan.id);
      const before = units.find((unit) => unit.id === unitId);
      if (!before) throw new NotFoundError('records.plan.error.unitNotFound');
      const errors = [
        ...validateUnitFields(input.fields),
        ...kennzeichenTaken(units, input.fields.kennzeichen, unitId),
        ...(input.parentId === before.parentId ? [] : parentErrors(units, input.parentId, unitId)),
        ...reasonError(input.reason, true),
      ];
      if (errors.length) throw new ValidationError(errors);
      const moved = input.parentId !== before.parentId;
      const position = moved ? Math.max(-1, ...units.filter((unit) => unit.parentId === input.parentId).map((unit) => unit.position)) + 1 : before.position;
      const unit: PlanUnit = { ...before, ...input.fields, title: input.fields.title.trim(), parentId: input.parentId, position };
      await store.updateUnit(change.trx, change.plan.tenantId, unitId, { ...unitColumns(unit), parent_id: unit.parentId, position, updated_at: change.now });
      change.changes.push(
        changeRow(change, actor, 'update', unitId, snapshot(before, kennzeichenOf(units, before.parentId)), snapshot(unit, kennzeichenOf(units, unit.parentId)), input.reason),
      );
      return { unit };
    },
  );
}

/**
 * Stilllegung: the unit and everything below it is closed to new Akten (existing ones stay under
 * it). `valid_to` becomes today unless it already ended earlier.
 */
export async function retireUnit(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  unitId: string,
  input: { reason: string | null; expectedVersion?: number },
): Promise<{ retired: string[]; version: number }> {
  return changePlan<{ retired: string[] }>(
    ctx,
    actor,
    planId,
    input.expectedVersion,
    { action: 'records.plan.unit.retire', details: ({ retired }) => ({ unitId, kennzeichen: retired }) },
    async (change) => {
      const errors = reasonError(input.reason, true);
      if (errors.length) throw new ValidationError(errors);
      const units = await store.listUnits(change.trx, change.plan.tenantId, change.plan.id);
      const root = units.find((unit) => unit.id === unitId);
      if (!root) throw new NotFoundError('records.plan.error.unitNotFound');
      if (root.retired) throw new ConflictError('records.plan.error.alreadyRetired');
      const today = dateOf(ctx.clock.now());
      const below = (id: string): PlanUnit[] => units.filter((unit) => unit.parentId === id).flatMap((unit) => [unit, ...below(unit.id)]);
      const retired: string[] = [];
      for (const unit of [root, ...below(root.id)].filter((u) => !u.retired)) {
        const validTo = unit.validTo && unit.validTo < today ? unit.validTo : today;
        await store.updateUnit(change.trx, change.plan.tenantId, unit.id, { retired: 1, valid_to: validTo, updated_at: change.now });
        const parent = kennzeichenOf(units, unit.parentId);
        change.changes.push(changeRow(change, actor, 'retire', unit.id, snapshot(unit, parent), snapshot({ ...unit, retired: true, validTo }, parent), input.reason));
        retired.push(unit.kennzeichen);
      }
      return { retired };
    },
  );
}

export interface ImportResult {
  created: string[];
  updated: string[];
  unchanged: number;
}

/**
 * Brings a tree into a plan, all or nothing: every unit is checked first (each problem reported
 * at `pointerOf(node, field)`), then units are matched by Kennzeichen — new ones created, changed
 * ones updated (also moved), units the tree does not name left as they are. One plan version.
 */
export async function importPlanTree(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  tree: PlanTree,
  options: { reason: string | null; expectedVersion?: number; pointerOf?: (node: PlanTreeNode, field: string) => string; problems?: FieldError[] },
): Promise<ImportResult & { version: number }> {
  const pointerOf = options.pointerOf ?? treePointers(tree);
  return changePlan<ImportResult>(
    ctx,
    actor,
    planId,
    options.expectedVersion,
    { action: 'records.plan.import', details: (r) => ({ created: r.created.length, updated: r.updated.length }) },
    async (change) => {
      const { trx, plan } = change;
      const units = await store.listUnits(trx, plan.tenantId, plan.id);
      const existing = new Map(units.map((unit) => [unit.kennzeichen, unit]));
      const retired = new Set(units.filter((unit) => unit.retired).map((unit) => unit.kennzeichen));
      const errors = [...(options.problems ?? []), ...validateTree(tree, retired, pointerOf), ...reasonError(options.reason, true)];
      if (errors.length) throw new ValidationError(errors);
      const result: ImportResult = { created: [], updated: [], unchanged: 0 };
      const idOf = new Map<PlanTreeNode, string>();
      const inserts: RecordPlanUnitTable[] = [];
      for (const { node, parent, position } of walkTree(tree.units)) {
        const parentId = parent ? idOf.get(parent)! : null;
        const fields = {
          kennzeichen: node.kennzeichen,
          title: node.title.trim(),
          retentionYears: node.retentionYears,
          disposal: node.disposal,
          formation: node.formation,
          validFrom: node.validFrom,
          validTo: node.validTo,
        };
        const after = snapshot({ ...fields, retired: node.retired, position }, parent?.kennzeichen ?? null);
        const before = existing.get(node.kennzeichen);
        if (!before) {
          const id = newId();
          idOf.set(node, id);
          inserts.push({
            id,
            tenant_id: plan.tenantId,
            plan_id: plan.id,
            parent_id: parentId,
            ...unitColumns(fields),
            retired: node.retired ? 1 : 0,
            position,
            created_at: change.now,
            updated_at: change.now,
          });
          change.changes.push(changeRow(change, actor, 'import', id, null, after, options.reason));
          result.created.push(node.kennzeichen);
          continue;
        }
        idOf.set(node, before.id);
        const previous = snapshot(before, kennzeichenOf(units, before.parentId));
        if (JSON.stringify(previous) === JSON.stringify(after)) {
          result.unchanged++;
          continue;
        }
        await store.updateUnit(trx, plan.tenantId, before.id, { ...unitColumns(fields), parent_id: parentId, position, retired: node.retired ? 1 : 0, updated_at: change.now });
        change.changes.push(changeRow(change, actor, 'import', before.id, previous, after, options.reason));
        result.updated.push(node.kennzeichen);
      }
      await store.insertUnits(trx, inserts);
      if (tree.title.trim() !== plan.title || tree.validFrom !== plan.validFrom)
        await store.updatePlanHeader(trx, plan.tenantId, plan.id, { title: tree.title.trim(), valid_from: tree.validFrom });
      return result;
    },
  );
}

/** Pointers into a tree as the API received it: `/units/0/children/2/kennzeichen`. */
function treePointers(tree: PlanTree): (node: PlanTreeNode, field: string) => string {
  const paths = new Map<PlanTreeNode, string>();
  const visit = (nodes: PlanTreeNode[], prefix: string) =>
    nodes.forEach((node, index) => {
      paths.set(node, `${prefix}/${index}`);
      visit(node.children, `${prefix}/${index}/children`);
    });
  visit(tree.units, '/units');
  return (node, field) => `${paths.get(node)}/${field}`;
}

/** Imports a CSV file (docs/records-plan.md) into a plan; errors name the line and column (`/lines/7/titel`). */
export async function importPlanCsv(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  csv: string,
  options: { reason: string | null; expectedVersion?: number },
): Promise<ImportResult & { version: number }> {
  const plan = await readablePlan(ctx, actor, planId);
  authorize(actor, 'records.plan.edit', { tenantId: plan.tenantId, authorityId: plan.authorityId });
  const parsed = parsePlanCsv(csv);
  const tree: PlanTree = { title: plan.title, validFrom: plan.validFrom, units: parsed.units };
  if (parsed.units.length === 0 && parsed.errors.length === 0) parsed.errors.push({ pointer: '/lines', code: 'records.plan.csv.empty' });
  return importPlanTree(ctx, actor, planId, tree, { ...options, pointerOf: parsed.pointerOf, problems: parsed.errors });
}

/** Imports units given as rows (the API's form of a tree); errors point at `/units/<index>/<field>`. */
export async function importPlanRows(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  rows: FlatUnit[],
  options: { reason: string | null; expectedVersion?: number },
): Promise<ImportResult & { version: number }> {
  const plan = await readablePlan(ctx, actor, planId);
  const pointer = (index: number, field: string) => `/units/${index}/${field}`;
  const { units, indexOf, errors } = treeFromRows(rows, pointer);
  return importPlanTree(
    ctx,
    actor,
    planId,
    { title: plan.title, validFrom: plan.validFrom, units },
    { ...options, pointerOf: (node, field) => pointer(indexOf.get(node) ?? 0, field), problems: errors },
  );
}

// ---- records settings per authority ----

function mayEditSettings(actor: Actor, authorityId: string): boolean {
  return can(actor, 'records.plan.edit', { tenantId: actor.tenantId, authorityId });
}

/** The plan an authority files under when nothing is saved: its own newest, else the tenant's shared one. */
function defaultPlanOf(plans: Plan[], authorityId: string): Plan | undefined {
  const own = plans.filter((plan) => plan.authorityId === authorityId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return own[0] ?? plans.find((plan) => plan.authorityId === null);
}

export async function getRecordSettings(ctx: AppContext, actor: Actor, authorityId: string): Promise<RecordSettings & { mayEdit: boolean; plans: Plan[] }> {
  authorize(actor, 'records.plan.read', { tenantId: actor.tenantId, authorityId });
  // A tenant-wide role passes for any id: only an authority of the caller's own tenant has settings.
  if (!(await getAuthority(ctx, actor.tenantId, authorityId))) throw new NotFoundError('records.plan.error.authorityUnknown');
  const settings = await recordSettingsOf(ctx, actor.tenantId, authorityId);
  const plans = (await store.listPlans(ctx.db, actor.tenantId)).filter((plan) => plan.authorityId === authorityId || plan.authorityId === null);
  return { ...settings, mayEdit: mayEditSettings(actor, authorityId), plans };
}

/**
 * An authority's records settings without an actor (for filing, which runs as the system): the
 * saved ones, or the defaults — its own plan (else the shared one), the default pattern, internal.
 */
export async function recordSettingsOf(ctx: AppContext, tenantId: string, authorityId: string): Promise<RecordSettings> {
  const row = await store.findSettings(ctx.db, tenantId, authorityId);
  if (row) return { authorityId, planId: row.plan_id, fileNumberPattern: row.file_number_pattern, mode: row.mode, handoverTarget: row.handover_target, saved: true };
  const plan = defaultPlanOf(await store.listPlans(ctx.db, tenantId), authorityId);
  return { authorityId, planId: plan?.id ?? null, fileNumberPattern: defaultFileNumberPattern, mode: 'internal', handoverTarget: null, saved: false };
}

export interface SettingsInput {
  planId: string;
  fileNumberPattern: string;
  mode: RecordsMode;
  handoverTarget: string | null;
}

export async function saveRecordSettings(ctx: AppContext, actor: Actor, authorityId: string, input: SettingsInput): Promise<RecordSettings> {
  const tenantId = actor.tenantId;
  authorize(actor, 'records.plan.edit', { tenantId, authorityId });
  const errors = validateSettings(input);
  const plan = await store.findPlan(ctx.db, tenantId, input.planId);
  if (!plan || (plan.authorityId !== null && plan.authorityId !== authorityId)) errors.unshift({ pointer: '/planId', code: 'records.settings.error.plan' });
  if (!(await getAuthority(ctx, tenantId, authorityId))) throw new NotFoundError('records.plan.error.authorityUnknown');
  if (errors.length) throw new ValidationError(errors);
  const handoverTarget = input.mode === 'xdomea-abgabe' ? input.handoverTarget : null;
  const now = toStored(ctx.clock.now());
  await inTransaction(ctx.db, async (trx) => {
    const before = await store.findSettings(trx, tenantId, authorityId);
    await store.upsertSettings(trx, {
      tenant_id: tenantId,
      authority_id: authorityId,
      plan_id: input.planId,
      file_number_pattern: input.fileNumberPattern,
      mode: input.mode,
      handover_target: handoverTarget,
      updated_at: now,
    });
    const summary = (s: { plan_id: string; file_number_pattern: string; mode: string; handover_target: string | null }) => ({
      planId: s.plan_id,
      pattern: s.file_number_pattern,
      mode: s.mode,
      handoverTarget: s.handover_target,
    });
    await appendAudit(trx, ctx, {
      tenantId,
      actor: auditActor(actor),
      action: 'records.settings.update',
      objectType: 'authority',
      objectId: authorityId,
      details: { before: before ? summary(before) : null, after: { planId: input.planId, pattern: input.fileNumberPattern, mode: input.mode, handoverTarget } },
    });
  });
  return { authorityId, planId: input.planId, fileNumberPattern: input.fileNumberPattern, mode: input.mode, handoverTarget, saved: true };
}

/**
 * The unit an authority files under by Kennzeichen (for records-core's filing): looked up in the
 * plan its settings name; undefined when there is none or it is retired.
 */
export async function filingUnit(ctx: AppContext, tenantId: string, authorityId: string, kennzeichen: string): Promise<PlanUnit | undefined> {
  const { planId } = await recordSettingsOf(ctx, tenantId, authorityId);
  const unit = planId ? await store.findUnitByKennzeichen(ctx.db, tenantId, planId, kennzeichen) : undefined;
  return unit && !unit.retired ? unit : undefined;
}
