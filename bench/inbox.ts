import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Insertable } from 'kysely';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { loadConfig } from '../src/config.js';
import { newId } from '../src/core/ids.js';
import { translator } from '../src/core/i18n/index.js';
import { openRuntime, seed, type Runtime } from '../src/runtime.js';
import { getCaseView } from '../src/modules/cases/case-view.js';
import { listInbox, inboxTabs } from '../src/modules/cases/inbox.js';
import { CasePage } from '../src/modules/cases/pages/case.js';
import { performAction } from '../src/modules/cases/service.js';
import { searchForm } from '../src/modules/cases/store.js';
import type { CaseTable } from '../src/modules/cases/tables.js';
import type { Actor } from '../src/modules/identity/index.js';
import { submitNotification } from '../test/cases/helpers.js';
import { sampleNotification } from '../test/procedures/bohranzeige-sample.js';
import type { TestRuntime } from '../test/helpers/runtime.js';
import type { BenchScenario, FigureRow } from './lib/scenario.js';

/**
 * The case worker's inbox at scale: INBOX_CASES generated cases (default 1 000 000, the issue's
 * data set) over 50 authorities, then — in process, so the figures are the service's own cost —
 * the first inbox page (50 rows with the counts of all five tabs) per tab, the case page (all its
 * data plus the rendered HTML), and workflow actions per second. SQLite by default;
 * BENCH_DATABASE_URL=postgres://… measures PostgreSQL. Targets from the issue: inbox p95 ≤ 50 ms,
 * case page ≤ 20 ms, ≥ 500 actions/s.
 */

const names = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Bohrtechnik Erzgebirge GmbH', 'Wärme & Bohr GmbH', 'Geo Sachsen AG', 'Krause', 'Lehmann'];
const gemeinden = ['Dresden', 'Leipzig', 'Chemnitz', 'Freiberg', 'Zwickau', 'Plauen', 'Görlitz', 'Bautzen', 'Pirna', 'Meißen', 'Riesa', 'Freital'];
const openStates = ['received', 'inReview', 'waitingForApplicant', 'decisionDrafted'];

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(times: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < Math.min(5, times); i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await work(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

function isoDay(offsetDays: number): string {
  return new Date(Date.UTC(2026, 2, 2) + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** Inserts `count` cases in batches (one transaction per batch), all on one real application. */
async function generate(runtime: Runtime, tenantId: string, authorityIds: string[], applicationId: string, count: number): Promise<void> {
  const batch = runtime.ctx.dialect === 'postgresql' ? 1000 : 500;
  let random = 42;
  const next = () => ((random = (random * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let done = 0; done < count; done += batch) {
    const rows: Insertable<CaseTable>[] = [];
    for (let i = done; i < Math.min(count, done + batch); i++) {
      const authority = authorityIds[i % authorityIds.length]!;
      const closed = next() < 0.7;
      const assigned = closed || next() < 0.6;
      const created = isoDay(-Math.floor(next() * 720));
      const due = closed ? '9999-12-31' : isoDay(Math.floor(next() * 60) - 20);
      const name = `${names[Math.floor(next() * names.length)]} ${i}`;
      rows.push({
        id: newId(), tenant_id: tenantId, authority_id: authority, kind: 'case' as const, application_id: applicationId, recipient_id: null, parent_case_id: null,
        procedure_key: 'bohranzeige', procedure_version: 1, reference: `SN-2026-${i.toString(36).toUpperCase().padStart(4, '0')}-GN`,
        state: closed ? 'closed' : openStates[Math.floor(next() * openStates.length)]!, state_entered_at: `${created}T08:00:00.000Z`, open: closed ? 0 : 1,
        assignee_account_id: assigned ? `staff-${authority.slice(-6)}-${Math.floor(next() * 20)}` : null, assignee_name: assigned ? 'Bearbeiter/in' : null, version: 1,
        processing_deadline: closed ? null : due, resubmission_date: null, due_date: due, clock_suspended_since: null,
        applicant_name: name, applicant_search: searchForm(name), gemeinde: gemeinden[Math.floor(next() * gemeinden.length)]!, pending_approval_id: null,
        fee_cents: null, fee_status: null, result: closed ? 'decided' : null, result_note: null,
        created_at: `${created}T08:00:00.000Z`, updated_at: `${created}T08:00:00.000Z`, closed_at: closed ? `${isoDay(-Math.floor(next() * 300))}T12:00:00.000Z` : null,
      });
    }
    await runtime.ctx.db.transaction().execute((trx) => trx.insertInto('cases').values(rows).execute());
  }
  // As autovacuum would have by then: statistics, and on PostgreSQL the visibility map that lets counts use index-only scans.
  await (runtime.ctx.dialect === 'postgresql' ? sql`VACUUM ANALYZE cases` : sql`ANALYZE`).execute(runtime.ctx.db);
}

export const scenario: BenchScenario = {
  name: 'inbox',
  description: 'case inbox, case page and workflow actions over generated cases (INBOX_CASES, default 1 000 000)',
  async run() {
    const count = Number(process.env.INBOX_CASES ?? 1_000_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-inbox-'));
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '', DEMO_DATA: 'true', LOG_LEVEL: 'silent' });
    const runtime = await openRuntime(config);
    try {
      await seed(runtime);
      const tenant = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
      const authorityIds = (await runtime.ctx.db.selectFrom('authorities').select('id').where('tenant_id', '=', tenant).orderBy('id').limit(50).execute()).map((a) => a.id);
      const applicant: Actor = { kind: 'citizen', tenantId: tenant, accountId: newId(), name: 'Bench', trustLevel: 'basis', actingFor: null };
      const start = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const end = new Date(Date.now() + 35 * 86_400_000).toISOString().slice(0, 10);
      const investigation = { ...(sampleNotification().investigation as object), startDate: start, endDate: end };
      const applicationId = await submitNotification(runtime as TestRuntime, applicant, sampleNotification({ investigation }));
      const started = performance.now();
      await generate(runtime, tenant, authorityIds, applicationId, count);
      const generation = (performance.now() - started) / 1000;

      const authority = authorityIds[7]!;
      const worker: Actor = { kind: 'staff', tenantId: tenant, accountId: `staff-${authority.slice(-6)}-3`, name: 'Bench', trustLevel: 'substanziell', memberships: [{ authorityId: authority, role: 'teamLead' }] };
      const figures: FigureRow[] = [{ figure: `generated cases (${authorityIds.length} authorities, ${runtime.ctx.dialect})`, value: count, unit: 'cases' }, { figure: 'generation time', value: generation, unit: 's' }];
      for (const tab of inboxTabs) {
        const samples = await timed(200, () => listInbox(runtime.ctx, worker, { tab }));
        figures.push({ figure: `inbox "${tab}", first 50 rows + 5 counts, p95`, value: percentile(samples, 95), unit: 'ms', target: { limit: 50, kind: 'max' } });
      }
      const searched = await timed(100, () => listInbox(runtime.ctx, worker, { tab: 'closed', q: 'Wärme' }));
      figures.push({ figure: 'inbox name search "Wärme", p95', value: percentile(searched, 95), unit: 'ms' });
      const firstPage = await listInbox(runtime.ctx, worker, { tab: 'closed' });
      const paged = await timed(100, () => listInbox(runtime.ctx, worker, { tab: 'closed', cursor: firstPage.next! }));
      figures.push({ figure: 'inbox next page (keyset), p95', value: percentile(paged, 95), unit: 'ms' });

      const view = { lang: 'de' as const, t: translator('de'), tenant: { id: tenant, slug: 'sn', name: 'Amt24 Sachsen' } as never, path: '/', csrfToken: () => 'x', user: { name: 'Bench', staff: true } };
      const sample = (await runtime.ctx.db.selectFrom('cases').select('id').where('authority_id', '=', authority).where('open', '=', 1).limit(200).execute()).map((r) => r.id);
      const pageSamples = await timed(200, async (i) => renderToString(h(CasePage, { view, data: await getCaseView(runtime.ctx, worker, sample[i % sample.length]!), state: {}, authorities: {}, colleagues: [], accountId: null })));
      figures.push({ figure: 'case page (all data + rendered HTML, audited read), p95', value: percentile(pageSamples, 95), unit: 'ms', target: { limit: 20, kind: 'max' } });

      const received = await runtime.ctx.db.selectFrom('cases').select(['id', 'version']).where('authority_id', '=', authority).where('state', '=', 'received').limit(2000).execute();
      const actionStart = performance.now();
      let actions = 0;
      for (const kase of received) {
        await performAction(runtime.ctx, worker, kase.id, { action: 'confirmReceipt', version: Number(kase.version), inputs: {} });
        actions++;
        if (performance.now() - actionStart > 5000) break;
      }
      figures.push({ figure: 'workflow action "confirmReceipt" (state, message, mail, audit, timeline)', value: actions / ((performance.now() - actionStart) / 1000), unit: 'per s', target: { limit: 500, kind: 'min' } });
      return { loads: [], figures };
    } finally {
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
