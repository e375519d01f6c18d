import type { AppContext } from '../../core/context.js';
import { submittedApplications } from '../applications/index.js';
import { casesOfApplications } from '../cases/index.js';
import { getAuthorities } from '../catalog/index.js';
import { choicesAt, type FormDefinition, type LocalText } from '../forms/index.js';
import { currentProcedureVersion, type RankingRules } from '../procedures/index.js';
import { ForbiddenError } from '../../core/errors.js';
import { writeCsv } from '../../core/csv.js';
import { formatNumber, translator, type Language } from '../../core/i18n/index.js';
import { can, type Actor } from '../access/index.js';
import { getCall, type Call } from './service.js';
import { valueAt } from '../../core/json-pointer.js';

/**
 * Ranking lists of a call as the procedure's `calls.ranking` declares them: per recipient authority
 * (for teachers the LaSuB Standort) and per partition value (Schulart × each of subjects 1–4),
 * ordered by the `order` answers (applicant group, then grade).
 */

/** An answer as stored (`code`) and as people read it (the form's label of a choice, ja/nein, the number). */
export interface RankingValue {
  code: string;
  label: LocalText;
}

export interface RankingEntry {
  applicationId: string;
  reference: string;
  state: string;
  /** The column values. */
  values: RankingValue[];
}

export interface RankingListPart {
  authorityName: string;
  /** One value per partition of the rules. */
  partition: RankingValue[];
  entries: RankingEntry[];
}

export interface RankingLists {
  partitionLabels: LocalText[];
  columnLabels: LocalText[];
  lists: RankingListPart[];
}

type Answers = Record<string, unknown>;

const asText = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/** Reads answers at one pointer as the form words them: choices by their code list label, yes/no in words. */
export function labeller(form: FormDefinition, pointer: string): (value: unknown) => RankingValue {
  const codes = choicesAt(form, pointer);
  return (value) => {
    const code = asText(value);
    if (typeof value === 'boolean') return { code, label: value ? { de: 'ja', en: 'yes' } : { de: 'nein', en: 'no' } };
    // A grade reads 1,7 in German (and in German Excel), 1.7 in English; the code keeps the number as stored.
    if (typeof value === 'number') return { code, label: { de: formatNumber('de', value), en: formatNumber('en', value) } };
    return { code, label: codes?.find((entry) => entry.value === value)?.label ?? { de: code, en: code } };
  };
}

/** Ascending; numbers numerically, texts by code point, missing values last. */
function compareValues(a: unknown, b: unknown): number {
  const missingA = a === undefined || a === null || a === '';
  const missingB = b === undefined || b === null || b === '';
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Every combination of the partition values of one application (one per subject, …). */
function partitionsOf(rules: RankingRules, form: FormDefinition, answers: Answers): RankingValue[][] {
  return rules.partitions.reduce<RankingValue[][]>(
    (combinations, partition) => {
      const seen = new Map<string, RankingValue>();
      for (const pointer of partition.pointers) {
        const value = valueAt(answers, pointer);
        if (value !== undefined && value !== null && value !== '' && !seen.has(String(value))) seen.set(String(value), labeller(form, pointer)(value));
      }
      return combinations.flatMap((combination) => [...seen.values()].map((value) => [...combination, value]));
    },
    [[]],
  );
}

/** Whether the actor may read the ranking lists of some authority (a membership of a role that may, at its authority or tenant-wide). */
function readsSomeRanking(actor: Actor): boolean {
  return actor.kind === 'staff' && actor.memberships.some((m) => can(actor, 'call.ranking.read', { tenantId: actor.tenantId, authorityId: m.authorityId }));
}

/**
 * The ranking lists of a call: they show every applicant's answers. Procedure administrators see
 * every authority's lists, a team lead only those of the authority they lead (the LaSuB Standort).
 */
export async function rankingList(ctx: AppContext, actor: Actor, callId: string): Promise<RankingLists & { call: Call }> {
  if (!readsSomeRanking(actor)) throw new ForbiddenError();
  const call = await getCall(ctx.db, actor.tenantId, callId);
  return { call, ...(await rankingOf(ctx, actor, call)) };
}

async function rankingOf(ctx: AppContext, actor: Actor, call: Call): Promise<RankingLists> {
  const tenantId = actor.tenantId;
  const version = await currentProcedureVersion(ctx, call.procedureKey);
  const rules = version?.procedure.calls?.ranking;
  if (!version || !rules) return { partitionLabels: [], columnLabels: [], lists: [] };
  const entries = await ctx.db
    .selectFrom('call_entries')
    .select('application_id')
    .where('tenant_id', '=', tenantId)
    .where('call_id', '=', call.id)
    .where('submitted', '=', 1)
    .execute();
  // A team lead sees only the cases of the authority they lead.
  const cases = (
    await casesOfApplications(
      ctx.db,
      tenantId,
      entries.map((entry) => entry.application_id),
      { kind: 'case', states: rules.states },
    )
  ).filter((kase) => can(actor, 'call.ranking.read', { tenantId, authorityId: kase.authorityId }));
  const [applications, authorities] = await Promise.all([
    submittedApplications(
      ctx.db,
      tenantId,
      cases.map((kase) => kase.applicationId),
    ),
    getAuthorities(
      ctx,
      tenantId,
      cases.map((kase) => kase.authorityId),
    ),
  ]);
  const applicationsById = new Map(applications.map((application) => [application.id, application]));
  const authorityNames = new Map(authorities.map((authority) => [authority.id, authority.name]));
  const rows = cases.flatMap((kase) => {
    const application = applicationsById.get(kase.applicationId);
    const authorityName = authorityNames.get(kase.authorityId);
    return application && authorityName ? [{ ...application, state: kase.state, authorityName }] : [];
  });

  const columns = rules.columns.map((column) => ({ pointer: column.pointer, label: labeller(version.form, column.pointer) }));
  const lists = new Map<string, RankingListPart & { sortKeys: { entry: RankingEntry; keys: unknown[]; submittedAt: string }[] }>();
  for (const row of rows) {
    const answers = row.data as Answers;
    const entry: RankingEntry = {
      applicationId: row.id,
      reference: row.reference ?? '',
      state: row.state,
      values: columns.map((column) => column.label(valueAt(answers, column.pointer))),
    };
    for (const partition of partitionsOf(rules, version.form, answers)) {
      const key = JSON.stringify([row.authorityName, ...partition.map((value) => value.code)]);
      const list = lists.get(key) ?? { authorityName: row.authorityName, partition, entries: [], sortKeys: [] };
      list.sortKeys.push({ entry, keys: rules.order.map((pointer) => valueAt(answers, pointer)), submittedAt: row.submittedAt ?? '' });
      lists.set(key, list);
    }
  }
  const ordered = [...lists.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, list]) => {
      list.sortKeys.sort((a, b) => a.keys.reduce<number>((result, key, index) => result || compareValues(key, b.keys[index]), 0) || compareValues(a.submittedAt, b.submittedAt));
      return { authorityName: list.authorityName, partition: list.partition, entries: list.sortKeys.map((s) => s.entry) };
    });
  return { partitionLabels: rules.partitions.map((p) => p.label), columnLabels: rules.columns.map((c) => c.label), lists: ordered };
}

/**
 * The lists as one CSV table for German Excel (semicolons, decimal comma, byte-order mark; headers in the reader's language): authority, partitions, rank, reference, columns —
 * as labels — and last the partitions' codes ("Schulart (Schlüssel)"), for further processing.
 */
export function rankingCsv(ranking: RankingLists, language: Language): string {
  const t = translator(language);
  const header = [
    t('calls.ranking.csv.authority'),
    ...ranking.partitionLabels.map((l) => l[language]),
    t('calls.ranking.csv.rank'),
    t('calls.ranking.csv.reference'),
    ...ranking.columnLabels.map((l) => l[language]),
    ...ranking.partitionLabels.map((l) => t('calls.ranking.csv.code', { label: l[language] })),
  ];
  const rows = ranking.lists.flatMap((list) =>
    list.entries.map((entry, index) => [
      list.authorityName,
      ...list.partition.map((v) => v.label[language]),
      String(index + 1),
      entry.reference,
      ...entry.values.map((v) => v.label[language]),
      ...list.partition.map((v) => v.code),
    ]),
  );
  return writeCsv([header, ...rows], ';');
}
