import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import type { HttpApp } from '../src/core/module.js';
import { newId } from '../src/core/ids.js';
import { createHttpApp, openRuntime, seed, type Runtime } from '../src/runtime.js';
import { listInbox, inboxTabs } from '../src/modules/cases/inbox.js';
import { performAction } from '../src/modules/cases/service.js';
import type { Actor } from '../src/modules/identity/index.js';
import { sessionCookie } from '../src/modules/identity/sessions.js';
import { staffSession } from '../test/catalog/staff.js';
import { submitNotification } from '../test/cases/helpers.js';
import { sampleNotification } from '../test/procedures/bohranzeige-sample.js';
import type { TestRuntime } from '../test/helpers/runtime.js';
import { casesWithRecipients, generateCases } from './lib/case-data.js';
import type { BenchScenario, FigureRow } from './lib/scenario.js';
import { bareRowServer, percentile, throughput, timed } from './lib/timing.js';

/**
 * The case worker's day at scale: INBOX_CASES generated cases (default 1 000 000, the data
 * set) over 50 authorities (bench/lib/case-data.ts), then, in this process so the figures are the
 * server's own cost without a network:
 * - the first inbox page (50 rows with the counts of all five tabs) per tab, a keyset page, a search;
 * - the case page as a team lead's browser gets it (GET /bearbeitung/vorgaenge/<id> with the
 *   session cookie through fastify's inject: session hook, all data, rendered HTML, audited read), first for cases whose
 *   application this process has not shown yet, then the same cases again; the bare limit is a
 *   plain fastify route answering one SELECT of the case row by id;
 * - workflow actions per second through the service function (`performAction`, what the page's and
 *   the API's POST call): "confirm receipt" — versioned state change, Postfach message with mail,
 *   applicant status, timeline, audit — one at a time and 8 at once; the bare limit is a
 *   transaction with one versioned UPDATE of the case row, on the same connection pool.
 * SQLite by default; BENCH_DATABASE_URL=postgres://… measures PostgreSQL (the database must exist and
 * be empty). Targets from the issue: inbox p95 ≤ 50 ms, case page ≤ 20 ms, ≥ 500 actions/s.
 */

async function measurePages(app: HttpApp, bare: HttpApp, sessionToken: string, firstViews: string[], warmUp: string[]): Promise<FigureRow[]> {
  const headers = { cookie: `${sessionCookie}=${sessionToken}` };
  const page = async (id: string) => {
    const response = await app.inject({ method: 'GET', url: `/bearbeitung/vorgaenge/${id}`, headers });
    if (response.statusCode !== 200) throw new Error(`case page answered ${response.statusCode}`);
  };
  for (const id of warmUp) await page(id);
  const first = await timed(firstViews.length, (i) => page(firstViews[i]!), 0);
  const again = await timed(firstViews.length, (i) => page(firstViews[i]!), 0);
  const bareSamples = await timed(firstViews.length, (i) => bare.inject({ method: 'GET', url: `/row/${firstViews[i]}` }));
  const bareP95 = percentile(bareSamples, 95);
  return [
    { figure: 'case page GET, first view of its application, p95', value: percentile(first, 95), unit: 'ms', target: { limit: 20, kind: 'max' } },
    { figure: 'case page GET, first view of its application, median', value: percentile(first, 50), unit: 'ms' },
    { figure: 'case page GET, viewed before, p95', value: percentile(again, 95), unit: 'ms', target: { limit: 20, kind: 'max' } },
    { figure: 'case page GET, viewed before, median', value: percentile(again, 50), unit: 'ms' },
    { figure: 'bare: fastify + SELECT of the case row, p95', value: bareP95, unit: 'ms' },
    { figure: 'case page (first view) p95 / bare p95', value: percentile(first, 95) / bareP95, unit: '×' },
  ];
}

async function measureActions(runtime: Runtime, worker: Actor, cases: { id: string; version: number }[]): Promise<FigureRow[]> {
  const confirm = (kase: { id: string; version: number }) => performAction(runtime.ctx, worker, kase.id, { action: 'confirmReceipt', version: kase.version, inputs: {} });
  const bump = (kase: { id: string; version: number }) =>
    runtime.ctx.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('cases')
        .set({ version: kase.version + 1, updated_at: new Date().toISOString() })
        .where('tenant_id', '=', worker.tenantId)
        .where('id', '=', kase.id)
        .where('version', '=', kase.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new Error('bare update changed nothing');
    });
  // Four equal parts: ours one at a time, ours 8 at once, and the bare UPDATE on the same cases after ours (version + 1).
  const quarter = Math.floor(cases.length / 4);
  const [single, parallel, bareSingle, bareParallel] = [0, 1, 2, 3].map((k) => cases.slice(k * quarter, (k + 1) * quarter));
  await Promise.all(single!.splice(0, 20).map(confirm)); // warm-up
  const ours1 = await throughput(single!, 1, confirm);
  const ours8 = await throughput(parallel!, 8, confirm);
  const bare1 = await throughput(bareSingle!, 1, bump);
  const bare8 = await throughput(bareParallel!, 8, bump);
  return [
    { figure: `workflow action "confirmReceipt" via performAction, 1 at a time (${single!.length} cases)`, value: ours1, unit: 'per s', target: { limit: 500, kind: 'min' } },
    { figure: `workflow action "confirmReceipt" via performAction, 8 at once (${parallel!.length} cases)`, value: ours8, unit: 'per s', target: { limit: 500, kind: 'min' } },
    { figure: 'bare: transaction with one versioned UPDATE, 1 at a time', value: bare1, unit: 'per s' },
    { figure: 'bare: transaction with one versioned UPDATE, 8 at once', value: bare8, unit: 'per s' },
    { figure: 'actions / bare, 1 at a time', value: ours1 / bare1, unit: '×' },
    { figure: 'actions / bare, 8 at once', value: ours8 / bare8, unit: '×' },
  ];
}

export const scenario: BenchScenario = {
  name: 'inbox',
  description: 'case inbox, case page and workflow actions over generated cases (INBOX_CASES, default 1 000 000)',
  async run() {
    const count = Number(process.env.INBOX_CASES ?? 1_000_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-inbox-'));
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '', DEMO_DATA: 'true', LOG_LEVEL: 'silent' });
    const runtime = await openRuntime(config);
    let app: HttpApp | undefined;
    let bare: HttpApp | undefined;
    try {
      await seed(runtime);
      const tenant = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
      const applicant: Actor = { kind: 'citizen', tenantId: tenant, accountId: newId(), name: 'Bench', trustLevel: 'basis', actingFor: null };
      const start = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
      const end = new Date(Date.now() + 35 * 86_400_000).toISOString().slice(0, 10);
      const investigation = { ...(sampleNotification().investigation as object), startDate: start, endDate: end };
      const applicationId = await submitNotification(runtime as TestRuntime, applicant, sampleNotification({ investigation }));
      const started = performance.now();
      const { authorityIds, applicationIds } = await generateCases(runtime, tenant, applicationId, count, 250);
      const generation = (performance.now() - started) / 1000;

      const authority = authorityIds[7]!;
      const worker: Actor = {
        kind: 'staff',
        tenantId: tenant,
        accountId: `staff-${authority.slice(-6)}-3`,
        name: 'Bench',
        trustLevel: 'substanziell',
        memberships: [{ authorityId: authority, role: 'teamLead' }],
      };
      const figures: FigureRow[] = [
        { figure: `generated cases (${authorityIds.length} authorities, ${applicationIds.length} applications, ${runtime.ctx.dialect})`, value: count, unit: 'cases' },
        { figure: 'generation time', value: generation, unit: 's' },
      ];
      for (const tab of inboxTabs) {
        const samples = await timed(200, () => listInbox(runtime.ctx, worker, { tab }));
        figures.push({ figure: `inbox "${tab}", first 50 rows + 5 counts, p95`, value: percentile(samples, 95), unit: 'ms', target: { limit: 50, kind: 'max' } });
      }
      const searched = await timed(100, () => listInbox(runtime.ctx, worker, { tab: 'closed', q: 'Wärme' }));
      figures.push({ figure: 'inbox name search "Wärme", p95', value: percentile(searched, 95), unit: 'ms' });
      const firstPage = await listInbox(runtime.ctx, worker, { tab: 'closed' });
      const paged = await timed(100, () => listInbox(runtime.ctx, worker, { tab: 'closed', cursor: firstPage.next! }));
      figures.push({ figure: 'inbox next page (keyset), p95', value: percentile(paged, 95), unit: 'ms' });

      // One open case of the authority per application: 200 to measure, the rest to warm up.
      const open = await runtime.ctx.db
        .selectFrom('cases')
        .select(['id', 'application_id'])
        .where('tenant_id', '=', tenant)
        .where('authority_id', '=', authority)
        .where('open', '=', 1)
        .limit(5000)
        .execute();
      const byApplication = new Map(open.map((c) => [c.application_id, c.id]));
      const pageCases = applicationIds.flatMap((a) => (byApplication.has(a) ? [byApplication.get(a)!] : []));
      // The pages are asked for as a signed-in team lead's browser does: the session cookie goes through the identity module's hook.
      const { token } = await staffSession(runtime as TestRuntime, tenant, 'teamLead', 'Bench Teamleitung', authority);
      app = await createHttpApp(runtime);
      await app.ready();
      bare = await bareRowServer(runtime, 'cases', 'reference');
      figures.push(...(await measurePages(app, bare, token, pageCases.slice(0, 200), pageCases.slice(200))));

      // Received cases at any authority (a team lead of all of them), each with its recipient row.
      const received = await casesWithRecipients(runtime, tenant, 'received', 4000);
      const lead: Actor = { ...worker, memberships: [{ authorityId: null, role: 'teamLead' }] } as Actor;
      figures.push(...(await measureActions(runtime, lead, received)));
      return { loads: [], figures };
    } finally {
      await app?.close();
      await bare?.close();
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
