import { sql, type Insertable } from 'kysely';
import { newId } from '../../src/core/ids.js';
import type { Runtime } from '../../src/runtime.js';
import { searchForm } from '../../src/modules/cases/store.js';
import type { CaseEventTable, CaseTable } from '../../src/modules/cases/tables.js';

/**
 * The data set of the case benchmarks: `count` cases over 50 authorities of one tenant, spread
 * over `applications` copies of one real submitted application (so the case page reads real
 * answers and attachments, and the first view of an application differs from a later one), each
 * case with two timeline entries (received, then its last step by the assignee). 70 % are closed,
 * the open ones spread over the drilling workflow's states with due dates around today.
 */

const names = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Bohrtechnik Erzgebirge GmbH',
  'Wärme & Bohr GmbH',
  'Geo Sachsen AG',
  'Krause',
  'Lehmann',
];
const gemeinden = ['Dresden', 'Leipzig', 'Chemnitz', 'Freiberg', 'Zwickau', 'Plauen', 'Görlitz', 'Bautzen', 'Pirna', 'Meißen', 'Riesa', 'Freital'];
const openStates = ['received', 'inReview', 'waitingForApplicant', 'decisionDrafted'];

function isoDay(offsetDays: number): string {
  return new Date(Date.UTC(2026, 2, 2) + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** `copies` further applications like `applicationId` (same answers and attachments, own id and reference). Returns all ids. */
async function copyApplication(runtime: Runtime, applicationId: string, copies: number): Promise<string[]> {
  const { db } = runtime.ctx;
  const original = await db.selectFrom('applications').selectAll().where('id', '=', applicationId).executeTakeFirstOrThrow();
  const attachments = await db.selectFrom('application_attachments').selectAll().where('application_id', '=', applicationId).execute();
  const ids = [applicationId];
  for (let k = 1; k <= copies; k++) {
    const id = newId();
    ids.push(id);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('applications')
        .values({ ...original, id, reference: `${original.reference}-${k}` })
        .execute();
      if (attachments.length)
        await trx
          .insertInto('application_attachments')
          .values(attachments.map((a) => ({ ...a, id: newId(), application_id: id })))
          .execute();
    });
  }
  return ids;
}

export interface CaseDataSet {
  authorityIds: string[];
  applicationIds: string[];
}

/** Inserts the data set in batches (one transaction per batch); `applicationId` is a submitted drilling notification. */
export async function generateCases(runtime: Runtime, tenantId: string, applicationId: string, count: number, applications: number): Promise<CaseDataSet> {
  const { db, dialect } = runtime.ctx;
  const authorityIds = (await db.selectFrom('authorities').select('id').where('tenant_id', '=', tenantId).orderBy('id').limit(50).execute()).map((a) => a.id);
  const applicationIds = await copyApplication(runtime, applicationId, applications - 1);
  const batch = dialect === 'postgresql' ? 1000 : 500;
  let random = 42;
  const next = () => (random = (random * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let done = 0; done < count; done += batch) {
    const cases: Insertable<CaseTable>[] = [];
    const events: Insertable<CaseEventTable>[] = [];
    for (let i = done; i < Math.min(count, done + batch); i++) {
      const authority = authorityIds[i % authorityIds.length]!;
      const closed = next() < 0.7;
      const assigned = closed || next() < 0.6;
      const created = isoDay(-Math.floor(next() * 720));
      const due = closed ? '9999-12-31' : isoDay(Math.floor(next() * 60) - 20);
      const name = `${names[Math.floor(next() * names.length)]} ${i}`;
      const state = closed ? 'closed' : openStates[Math.floor(next() * openStates.length)]!;
      const assignee = assigned ? `staff-${authority.slice(-6)}-${Math.floor(next() * 20)}` : null;
      const id = newId();
      const closedAt = closed ? `${isoDay(-Math.floor(next() * 300))}T12:00:00.000Z` : null;
      cases.push({
        id,
        tenant_id: tenantId,
        authority_id: authority,
        kind: 'case' as const,
        application_id: applicationIds[Math.floor(i / authorityIds.length) % applicationIds.length]!,
        recipient_id: null,
        parent_case_id: null,
        procedure_key: 'bohranzeige',
        procedure_version: 1,
        reference: `SN-2026-${i.toString(36).toUpperCase().padStart(4, '0')}-GN`,
        state,
        state_entered_at: `${created}T08:00:00.000Z`,
        open: closed ? 0 : 1,
        assignee_account_id: assignee,
        assignee_name: assigned ? 'Bearbeiter/in' : null,
        version: 1,
        processing_deadline: closed ? null : due,
        resubmission_date: null,
        due_date: due,
        clock_suspended_since: null,
        applicant_name: name,
        applicant_search: searchForm(name),
        gemeinde: gemeinden[Math.floor(next() * gemeinden.length)]!,
        pending_approval_id: null,
        fee_cents: null,
        fee_status: null,
        result: closed ? 'decided' : null,
        result_note: null,
        created_at: `${created}T08:00:00.000Z`,
        updated_at: `${created}T08:00:00.000Z`,
        closed_at: closedAt,
      });
      const event = { tenant_id: tenantId, case_id: id, action: null, from_state: null, details: '{}' };
      events.push({
        ...event,
        id: newId(),
        kind: 'created',
        to_state: 'received',
        actor_type: 'system',
        actor_id: null,
        actor_name: 'Amtsweg',
        created_at: `${created}T08:00:00.000Z`,
      });
      if (state !== 'received')
        events.push({
          ...event,
          id: newId(),
          kind: 'state',
          from_state: 'received',
          to_state: state,
          actor_type: 'account',
          actor_id: assignee,
          actor_name: 'Bearbeiter/in',
          created_at: closedAt ?? `${created}T09:00:00.000Z`,
        });
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('cases').values(cases).execute();
      for (let from = 0; from < events.length; from += batch)
        await trx
          .insertInto('case_events')
          .values(events.slice(from, from + batch))
          .execute();
    });
  }
  // As autovacuum would have by then: statistics, and on PostgreSQL the visibility map that lets counts use index-only scans.
  if (dialect === 'postgresql') {
    await sql`VACUUM ANALYZE cases`.execute(db);
    await sql`VACUUM ANALYZE case_events`.execute(db);
  } else await sql`ANALYZE`.execute(db);
  return { authorityIds, applicationIds };
}

/**
 * Up to `limit` cases in `state`, each given an application recipient row as submitted cases have
 * (an action then also sets the applicant's status at the authority, as in production). An
 * application has one recipient per authority, so each case is of another (application, authority).
 */
export async function casesWithRecipients(runtime: Runtime, tenantId: string, state: string, limit: number): Promise<{ id: string; version: number }[]> {
  const { db } = runtime.ctx;
  const taken = new Set(
    (await db.selectFrom('application_recipients').select(['application_id', 'authority_id']).where('tenant_id', '=', tenantId).execute()).map(
      (r) => `${r.application_id} ${r.authority_id}`,
    ),
  );
  const candidates = await db
    .selectFrom('cases')
    .select(['id', 'version', 'application_id', 'authority_id'])
    .where('tenant_id', '=', tenantId)
    .where('state', '=', state)
    .where('recipient_id', 'is', null)
    .limit(limit * 20)
    .execute();
  const chosen = candidates.filter((c) => !taken.has(`${c.application_id} ${c.authority_id}`) && taken.add(`${c.application_id} ${c.authority_id}`)).slice(0, limit);
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const kase of chosen) {
      const recipientId = newId();
      await trx
        .insertInto('application_recipients')
        .values({
          id: recipientId,
          tenant_id: tenantId,
          application_id: kase.application_id,
          authority_id: kase.authority_id,
          authority_name: 'Behörde',
          reason: null,
          status: 'submitted',
          case_id: kase.id,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx.updateTable('cases').set({ recipient_id: recipientId }).where('id', '=', kase.id).execute();
    }
  });
  return chosen.map((c) => ({ id: c.id, version: Number(c.version) }));
}
