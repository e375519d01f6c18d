import type { AppContext } from '../../core/context.js';
import type { Executor, Trx } from '../../core/db/index.js';
import { newId } from '../../core/ids.js';
import { notifyCaseEvents, type NewCaseEvent } from './event-listeners.js';
import type { CaseDocumentTable, CaseKind, CaseTable, FeeStatus } from './tables.js';

/** A case as the service hands it out. */
export interface Case {
  id: string;
  tenantId: string;
  authorityId: string;
  kind: CaseKind;
  applicationId: string;
  recipientId: string | null;
  parentCaseId: string | null;
  procedureKey: string;
  procedureVersion: number;
  reference: string;
  state: string;
  stateEnteredAt: string;
  open: boolean;
  assigneeAccountId: string | null;
  assigneeName: string | null;
  /** The team the case is in (none: the whole authority's). */
  teamId: string | null;
  version: number;
  processingDeadline: string | null;
  resubmissionDate: string | null;
  dueDate: string | null;
  clockSuspendedSince: string | null;
  applicantName: string;
  gemeinde: string | null;
  pendingApprovalId: string | null;
  feeCents: number | null;
  feeStatus: FeeStatus | null;
  result: string | null;
  resultNote: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** The sort key of a case without any deadline: after every real date. */
export const noDueDate = '9999-12-31';

export function toCase(row: CaseTable): Case {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    authorityId: row.authority_id,
    kind: row.kind,
    applicationId: row.application_id,
    recipientId: row.recipient_id,
    parentCaseId: row.parent_case_id,
    procedureKey: row.procedure_key,
    procedureVersion: Number(row.procedure_version),
    reference: row.reference,
    state: row.state,
    stateEnteredAt: row.state_entered_at,
    open: Number(row.open) === 1,
    assigneeAccountId: row.assignee_account_id,
    assigneeName: row.assignee_name,
    teamId: row.team_id,
    version: Number(row.version),
    processingDeadline: row.processing_deadline,
    resubmissionDate: row.resubmission_date,
    dueDate: row.due_date === noDueDate ? null : row.due_date,
    clockSuspendedSince: row.clock_suspended_since,
    applicantName: row.applicant_name,
    gemeinde: row.gemeinde,
    pendingApprovalId: row.pending_approval_id,
    feeCents: row.fee_cents === null ? null : Number(row.fee_cents),
    feeStatus: row.fee_status,
    result: row.result,
    resultNote: row.result_note,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
  };
}

/** The ids of an application's open cases (not its involvements), oldest first. */
export async function openCaseIdsOf(db: Executor, tenantId: string, applicationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('application_id', '=', applicationId)
    .where('kind', '=', 'case')
    .where('open', '=', 1)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function findCase(db: Executor, tenantId: string, id: string): Promise<Case | undefined> {
  const row = await db.selectFrom('cases').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row && toCase(row);
}

/** Folds a name for the search: lower case, umlauts and ß spelled out, accents dropped. */
/** The cases of these applications of one kind (newest first), optionally only those in the given states. */
export async function casesOfApplications(
  db: Executor,
  tenantId: string,
  applicationIds: readonly string[],
  filter: { kind: CaseKind; states?: readonly string[] },
): Promise<Case[]> {
  if (applicationIds.length === 0 || filter.states?.length === 0) return [];
  let query = db
    .selectFrom('cases')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('application_id', 'in', [...new Set(applicationIds)])
    .where('kind', '=', filter.kind);
  if (filter.states) query = query.where('state', 'in', [...filter.states]);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(toCase);
}

export function searchForm(text: string): string {
  return text
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

export type CaseChanges = Partial<Omit<CaseTable, 'id' | 'tenant_id' | 'version'>>;

/**
 * Writes changes if the case is still at the version the caller saw, and bumps it. Returns the case
 * as written (RETURNING, so nobody reads it again), or undefined when someone else changed it
 * meanwhile (the caller refuses with "changed meanwhile"): the version check needs no extra read.
 */
export async function updateCase(trx: Trx, current: Pick<Case, 'tenantId' | 'id' | 'version'>, changes: CaseChanges): Promise<Case | undefined> {
  const row = await trx
    .updateTable('cases')
    .set({ ...changes, version: current.version + 1 })
    .where('tenant_id', '=', current.tenantId)
    .where('id', '=', current.id)
    .where('version', '=', current.version)
    .returningAll()
    .executeTakeFirst();
  return row && toCase(row);
}

const eventRow = (event: NewCaseEvent) => ({
  id: newId(),
  tenant_id: event.tenantId,
  case_id: event.caseId,
  kind: event.kind,
  action: event.action ?? null,
  from_state: event.fromState ?? null,
  to_state: event.toState ?? null,
  actor_type: event.actor.type,
  actor_id: event.actor.id,
  actor_name: event.actor.name,
  details: JSON.stringify(event.details ?? {}),
  created_at: event.at,
});

/** Timeline entries in one INSERT; ids are made in the order given, which is the timeline's order within one instant. */
export async function appendEvents(trx: Trx, ctx: AppContext, events: readonly NewCaseEvent[]): Promise<void> {
  if (events.length === 0) return;
  await trx.insertInto('case_events').values(events.map(eventRow)).execute();
  await notifyCaseEvents(trx, ctx, events);
}

export function appendEvent(trx: Trx, ctx: AppContext, event: NewCaseEvent): Promise<void> {
  return appendEvents(trx, ctx, [event]);
}

/**
 * Sets the inbox's sort key `due_date` to the case's earliest open deadline (processing,
 * Wiedervorlage, reply …) in the same statement that reads it, and returns the case as written.
 */
export async function refreshDueDate(trx: Trx, tenantId: string, caseId: string): Promise<Case> {
  const row = await trx
    .updateTable('cases')
    .set((eb) => ({
      due_date: eb.fn.coalesce(
        eb
          .selectFrom('case_deadlines')
          .select((d) => d.fn.min('due_date').as('due'))
          .where('tenant_id', '=', tenantId)
          .where('case_id', '=', caseId)
          .where('cleared_at', 'is', null),
        eb.val(noDueDate),
      ),
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', caseId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCase(row);
}

/** The latest version of a case's document of one kind. */
export async function latestDocument(db: Executor, tenantId: string, caseId: string, kind: string) {
  return db
    .selectFrom('case_documents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A new version of a case's document, written by `author` at `at`. */
export async function insertDocumentVersion(
  trx: Trx,
  kase: Pick<Case, 'tenantId' | 'id'>,
  version: Pick<CaseDocumentTable, 'kind' | 'version' | 'status' | 'title' | 'body' | 'pdf_sha256' | 'message_id'>,
  author: { id: string | null; name: string },
  at: string,
): Promise<void> {
  await trx
    .insertInto('case_documents')
    .values({
      id: newId(),
      tenant_id: kase.tenantId,
      case_id: kase.id,
      ...version,
      author_account_id: author.id,
      author_name: author.name,
      created_at: at,
      made_available_at: version.message_id ? at : null,
    })
    .execute();
}
