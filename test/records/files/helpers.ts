import { newId } from '../../../src/core/ids.js';
import type { FileFormation, Disposal } from '../../../src/modules/records/tables.js';
import type { TestRuntime } from '../../helpers/runtime.js';

/** The Aktenplan the tests file under, inserted directly (the plan's admin and import are another part's). */
export interface TestUnit {
  kennzeichen: string;
  title: string;
  retentionYears: number | null;
  disposal: Disposal;
  formation: FileFormation;
}

export const demoUnits: Record<string, TestUnit[]> = {
  geology: [
    { kennzeichen: '52.10.20', title: 'Bohranzeigen', retentionYears: 30, disposal: 'A', formation: 'case' },
    { kennzeichen: '52.10.30', title: 'Bohrergebnisse', retentionYears: null, disposal: 'A', formation: 'case' },
  ],
  mining: [{ kennzeichen: '31.20.10', title: 'Bohrungen nach § 127 BBergG', retentionYears: 30, disposal: 'B', formation: 'case' }],
  water: [{ kennzeichen: '66.30.10', title: 'Erdwärmesonden und Brunnen', retentionYears: 10, disposal: 'V', formation: 'year' }],
};

/** A plan for the authority with the given units and record settings; returns the units' ids by Kennzeichen. */
export async function givePlan(
  runtime: TestRuntime,
  tenantId: string,
  authorityId: string,
  units: readonly TestUnit[],
  pattern = '{kennzeichen}-{seq:4}/{yyyy}',
): Promise<Record<string, string>> {
  const now = runtime.ctx.clock.now().toISOString();
  const planId = newId();
  await runtime.ctx.db
    .insertInto('record_plans')
    .values({ id: planId, tenant_id: tenantId, authority_id: authorityId, title: 'Aktenplan', version: 1, valid_from: null, created_at: now, updated_at: now })
    .execute();
  const ids: Record<string, string> = {};
  for (const [position, unit] of units.entries()) {
    ids[unit.kennzeichen] = newId();
    await runtime.ctx.db
      .insertInto('record_plan_units')
      .values({
        id: ids[unit.kennzeichen]!,
        tenant_id: tenantId,
        plan_id: planId,
        parent_id: null,
        kennzeichen: unit.kennzeichen,
        title: unit.title,
        retention_years: unit.retentionYears,
        disposal: unit.disposal,
        valid_from: null,
        valid_to: null,
        retired: 0,
        position,
        formation: unit.formation,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  await runtime.ctx.db
    .insertInto('record_settings')
    .values({ tenant_id: tenantId, authority_id: authorityId, plan_id: planId, file_number_pattern: pattern, mode: 'internal', handover_target: null, updated_at: now })
    .execute();
  return ids;
}
