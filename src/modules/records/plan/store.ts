import type { Executor, Trx } from '../../../core/db/index.js';
import type { RecordPlanChangeTable, RecordPlanTable, RecordPlanUnitTable, RecordSettingsTable } from '../tables.js';
import type { Plan, PlanChange, PlanUnit } from './model.js';

/** Queries of the Aktenplan; every one is scoped by tenant. */

function toPlan(row: RecordPlanTable): Plan {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    authorityId: row.authority_id,
    title: row.title,
    version: Number(row.version),
    validFrom: row.valid_from,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toUnit(row: RecordPlanUnitTable): PlanUnit {
  return {
    id: row.id,
    planId: row.plan_id,
    parentId: row.parent_id,
    kennzeichen: row.kennzeichen,
    title: row.title,
    retentionYears: row.retention_years === null ? null : Number(row.retention_years),
    disposal: row.disposal,
    formation: row.formation,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    retired: Number(row.retired) === 1,
    position: Number(row.position),
  };
}

export async function listPlans(db: Executor, tenantId: string): Promise<Plan[]> {
  const rows = await db.selectFrom('record_plans').selectAll().where('tenant_id', '=', tenantId).orderBy('title').orderBy('id').execute();
  return rows.map(toPlan);
}

export async function findPlan(db: Executor, tenantId: string, planId: string): Promise<Plan | undefined> {
  const row = await db.selectFrom('record_plans').selectAll().where('tenant_id', '=', tenantId).where('id', '=', planId).executeTakeFirst();
  return row && toPlan(row);
}

export async function insertPlan(trx: Trx, row: RecordPlanTable): Promise<void> {
  await trx.insertInto('record_plans').values(row).execute();
}

/** Moves the plan from `version` to `version + 1`; false when someone else moved it first. */
export async function advancePlanVersion(trx: Trx, tenantId: string, planId: string, version: number, now: string): Promise<boolean> {
  const result = await trx
    .updateTable('record_plans')
    .set({ version: version + 1, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', planId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updatePlanHeader(trx: Trx, tenantId: string, planId: string, header: { title: string; valid_from: string | null }): Promise<void> {
  await trx.updateTable('record_plans').set(header).where('tenant_id', '=', tenantId).where('id', '=', planId).execute();
}

export async function listUnits(db: Executor, tenantId: string, planId: string): Promise<PlanUnit[]> {
  const rows = await db.selectFrom('record_plan_units').selectAll().where('tenant_id', '=', tenantId).where('plan_id', '=', planId).execute();
  return rows.map(toUnit);
}

export async function insertUnits(trx: Trx, rows: RecordPlanUnitTable[]): Promise<void> {
  if (rows.length) await trx.insertInto('record_plan_units').values(rows).execute();
}

export async function updateUnit(
  trx: Trx,
  tenantId: string,
  unitId: string,
  values: Partial<Omit<RecordPlanUnitTable, 'id' | 'tenant_id' | 'plan_id' | 'created_at'>>,
): Promise<void> {
  await trx.updateTable('record_plan_units').set(values).where('tenant_id', '=', tenantId).where('id', '=', unitId).execute();
}

export async function insertChanges(trx: Trx, rows: RecordPlanChangeTable[]): Promise<void> {
  if (rows.length) await trx.insertInto('record_plan_changes').values(rows).execute();
}

export async function listChanges(db: Executor, tenantId: string, planId: string): Promise<PlanChange[]> {
  const rows = await db
    .selectFrom('record_plan_changes')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('plan_id', '=', planId)
    .orderBy('plan_version', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    unitId: row.unit_id,
    planVersion: Number(row.plan_version),
    change: row.change,
    before: row.before === null ? null : (JSON.parse(row.before) as Record<string, unknown>),
    after: row.after === null ? null : (JSON.parse(row.after) as Record<string, unknown>),
    actorName: row.actor_name,
    reason: row.reason,
    createdAt: row.created_at,
  }));
}

export async function findSettings(db: Executor, tenantId: string, authorityId: string): Promise<RecordSettingsTable | undefined> {
  return db.selectFrom('record_settings').selectAll().where('tenant_id', '=', tenantId).where('authority_id', '=', authorityId).executeTakeFirst();
}

export async function upsertSettings(trx: Trx, row: RecordSettingsTable): Promise<void> {
  const { tenant_id: _tenant, authority_id: _authority, ...changes } = row;
  await trx
    .insertInto('record_settings')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'authority_id']).doUpdateSet(changes))
    .execute();
}

/** The unit with this Kennzeichen in the plan, if any. */
export async function findUnitByKennzeichen(db: Executor, tenantId: string, planId: string, kennzeichen: string): Promise<PlanUnit | undefined> {
  const row = await db
    .selectFrom('record_plan_units')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('plan_id', '=', planId)
    .where('kennzeichen', '=', kennzeichen)
    .executeTakeFirst();
  return row && toUnit(row);
}
