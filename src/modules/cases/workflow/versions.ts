import type { AppContext } from '../../../core/context.js';
import type { Db, Executor } from '../../../core/db/index.js';
import { getProcedureVersion } from '../../procedures/index.js';
import { checkWorkflow, workflowOf } from './load.js';
import type { Workflow } from './schema.js';

/**
 * The workflow a case runs with: the one published with its procedure version, so a changed
 * `workflow.json` (a new version) never changes the rules of cases already running. Checked once
 * per database and version.
 */

// Per database: tests open many databases in one process, each with its own versions.
const caches = new WeakMap<Db, Map<string, Workflow | null>>();

/** `db` may be the caller's transaction (a submission's), so the read does not wait for it. */
export async function workflowOfVersion(ctx: Pick<AppContext, 'db' | 'extensions'>, procedureKey: string, version: number, db: Executor = ctx.db): Promise<Workflow | undefined> {
  let cache = caches.get(ctx.db);
  if (!cache) caches.set(ctx.db, (cache = new Map()));
  const key = `${procedureKey}@${version}`;
  if (cache.has(key)) return cache.get(key) ?? undefined;
  const published = await getProcedureVersion({ db: db as Db }, procedureKey, version);
  // A version published before workflows were stored with it, until the next publish fills it in, runs on the pack's.
  const workflow = !published
    ? undefined
    : published.workflowDocument === null
      ? workflowOf(ctx, procedureKey)
      : checkWorkflow(ctx, procedureKey, published.workflowDocument, published.templates, published.form, `procedures/${procedureKey}@${version}`);
  cache.set(key, workflow ?? null);
  return workflow;
}

/** The workflow of a case's procedure version. */
export function caseWorkflow(ctx: Pick<AppContext, 'db' | 'extensions'>, kase: { procedureKey: string; procedureVersion: number }): Promise<Workflow | undefined> {
  return workflowOfVersion(ctx, kase.procedureKey, kase.procedureVersion);
}
