import { bilingualMail } from '../../core/i18n/index.js';
import { sql } from 'kysely';
import { toStored } from '../../core/clock.js';
import type { AppContext } from '../../core/context.js';
import type { Trx } from '../../core/db/index.js';
import { newId } from '../../core/ids.js';
import { enqueueMail } from '../../core/mail/index.js';
import type { ProcedureVersion } from '../procedures/index.js';
import { attachmentContent, blobStoreOf } from './attachments.js';
import { extendFollowUps, rememberProcedureOf } from './follow-up-extensions.js';
import { readMessages, type MessageAttachment } from './postfach.js';
import { procedureOf } from './service.js';
import { findApplication, type Application } from './store.js';
import { valueAt } from '../../core/json-pointer.js';

/**
 * What the case-worker side needs of an application. The cases module decides who may see and do
 * what (it authorizes on its case, which belongs to one authority); these functions trust it and
 * only keep to the tenant. Writes take the caller's transaction, so a case action and the
 * applicant's status, timeline and Postfach commit together.
 */

export interface ApplicationForCase {
  application: Application;
  version: ProcedureVersion;
  attachments: { field: string; name: string; type: string; size: number; sha256: string }[];
  /** Where mails about the application go (the procedure's contact field), if answered. */
  contactEmail: string | undefined;
}

export async function applicationForCase(ctx: AppContext, tenantId: string, applicationId: string): Promise<ApplicationForCase | undefined> {
  // Both at once: on PostgreSQL they run on two pooled connections, one round trip instead of two.
  const [application, rows] = await Promise.all([
    findApplication(ctx.db, tenantId, applicationId),
    ctx.db
      .selectFrom('application_attachments')
      .select(['field', 'name', 'content_type', 'size', 'sha256'])
      .where('tenant_id', '=', tenantId)
      .where('application_id', '=', applicationId)
      .orderBy('created_at')
      .execute(),
  ]);
  if (application?.status !== 'submitted') return undefined;
  rememberProcedureOf(application);
  const version = await procedureOf(ctx, application);
  const contact = version.procedure.contactEmail ? valueAt(application.data, version.procedure.contactEmail) : undefined;
  return {
    application,
    version,
    attachments: rows.map((r) => ({ field: r.field, name: r.name, type: r.content_type, size: Number(r.size), sha256: r.sha256 })),
    contactEmail: typeof contact === 'string' ? contact : undefined,
  };
}

/** A file of the application: an attachment of the form or of a Postfach message. */
export async function fileForCase(ctx: AppContext, tenantId: string, applicationId: string, sha256: string): Promise<{ bytes: Buffer; type: string; name: string } | undefined> {
  const attachment = await attachmentContent(ctx, tenantId, applicationId, sha256);
  if (attachment) return attachment;
  const found = (await messagesForCase(ctx.db, tenantId, applicationId)).flatMap((m) => m.attachments).find((a) => a.sha256 === sha256);
  return found && { bytes: await blobStoreOf(ctx).get(sha256), type: found.type, name: found.name };
}

/** The Postfach as the case side reads it (the case module has checked the staff member's access). */
export const messagesForCase = readMessages;

export interface RecipientStatusChange {
  tenantId: string;
  recipientId: string;
  status: string;
  caseId: string;
  /** The recipient as the caller has just written it in this transaction (a submission's new recipients), which spares reading it again. */
  current?: { applicationId: string; authorityId: string; status: string };
}

/** One change, or one UPDATE for several recipients of a tenant (a submission's cases): each row gets its own value. */
function perRecipient(changes: readonly RecipientStatusChange[], value: (change: RecipientStatusChange) => string) {
  if (changes.length === 1) return value(changes[0]!);
  return sql<string>`case ${sql.join(
    changes.map((change) => sql`when id = ${change.recipientId} then ${value(change)}`),
    sql` `,
  )} end`;
}

/**
 * The applicant's status at recipient authorities, with a line in the applicant's timeline for
 * each status that changes.
 */
export async function setRecipientStatuses(trx: Trx, ctx: AppContext, changes: readonly RecipientStatusChange[]): Promise<void> {
  if (changes.length === 0) return;
  const now = toStored(ctx.clock.now());
  // Read before the update (one query for those the caller did not pass): the timeline line depends on the status the recipient had.
  const read = await recipientsById(
    trx,
    changes.filter((change) => !change.current),
  );
  const before = changes.map((change) => change.current ?? read.get(change.recipientId)!);
  for (const tenantId of new Set(changes.map((change) => change.tenantId))) {
    const group = changes.filter((change) => change.tenantId === tenantId);
    await trx
      .updateTable('application_recipients')
      .set({ status: perRecipient(group, (c) => c.status), case_id: perRecipient(group, (c) => c.caseId), updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where(
        'id',
        'in',
        group.map((change) => change.recipientId),
      )
      .execute();
  }
  const changed = changes.flatMap((change, index) => (before[index]!.status === change.status ? [] : [{ change, recipient: before[index]! }]));
  if (changed.length === 0) return;
  await trx
    .insertInto('application_events')
    .values(
      changed.map(({ change, recipient }) => ({
        id: newId(),
        tenant_id: change.tenantId,
        application_id: recipient.applicationId,
        kind: 'status',
        authority_id: recipient.authorityId,
        details: JSON.stringify({ status: change.status }),
        created_at: now,
      })),
    )
    .execute();
  // A granted request may move the due date of an earlier application's duties (procedure.json `extends`).
  for (const { change, recipient } of changed) await extendFollowUps(trx, ctx, { tenantId: change.tenantId, applicationId: recipient.applicationId, status: change.status });
}

export function setRecipientStatus(trx: Trx, ctx: AppContext, change: RecipientStatusChange): Promise<void> {
  return setRecipientStatuses(trx, ctx, [change]);
}

type RecipientState = NonNullable<RecipientStatusChange['current']>;

/** The recipients of the changes, by id; every one must exist (the caller has just read or written it). */
async function recipientsById(trx: Trx, changes: readonly RecipientStatusChange[]): Promise<Map<string, RecipientState>> {
  if (changes.length === 0) return new Map();
  const rows = await trx
    .selectFrom('application_recipients')
    .select(['id', 'application_id', 'authority_id', 'status'])
    .where('tenant_id', 'in', [...new Set(changes.map((change) => change.tenantId))])
    .where(
      'id',
      'in',
      changes.map((change) => change.recipientId),
    )
    .execute();
  const byId = new Map(rows.map((row) => [row.id, { applicationId: row.application_id, authorityId: row.authority_id, status: row.status }]));
  const missing = changes.find((change) => !byId.has(change.recipientId));
  if (missing) throw new Error(`application recipient ${missing.recipientId} not found`);
  return byId;
}

/** Forwarding (Abgabe): the application gets a further recipient, the competent authority. */
export async function addRecipient(
  trx: Trx,
  ctx: Pick<AppContext, 'clock'>,
  recipient: { tenantId: string; applicationId: string; authorityId: string; authorityName: string; reason: { de: string; en: string } },
): Promise<string> {
  const now = toStored(ctx.clock.now());
  const id = newId();
  await trx
    .insertInto('application_recipients')
    .values({
      id,
      tenant_id: recipient.tenantId,
      application_id: recipient.applicationId,
      authority_id: recipient.authorityId,
      authority_name: recipient.authorityName,
      reason: JSON.stringify(recipient.reason),
      status: 'submitted',
      case_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export interface AuthorityMessage {
  tenantId: string;
  applicationId: string;
  reference: string;
  authorityId: string;
  authorityName: string;
  authorAccountId: string | null;
  subject: string;
  body: string;
  attachments: MessageAttachment[];
  contactEmail: string | undefined;
}

/**
 * An authority writes into the applicant's Postfach, in the caller's transaction; the applicant
 * gets a mail "Sie haben eine neue Nachricht" — without the content. Returns the message id.
 */
export async function postToApplicant(trx: Trx, ctx: Pick<AppContext, 'clock'>, message: AuthorityMessage): Promise<string> {
  const now = toStored(ctx.clock.now());
  const id = newId();
  await trx
    .insertInto('messages')
    .values({
      id,
      tenant_id: message.tenantId,
      application_id: message.applicationId,
      direction: 'out',
      authority_id: message.authorityId,
      author_account_id: message.authorAccountId,
      author_name: message.authorityName,
      subject: message.subject,
      body: message.body,
      attachments: JSON.stringify(message.attachments),
      read_at: null,
      created_at: now,
    })
    .execute();
  await trx
    .insertInto('application_events')
    .values({ id: newId(), tenant_id: message.tenantId, application_id: message.applicationId, kind: 'message', authority_id: message.authorityId, details: '{}', created_at: now })
    .execute();
  if (message.contactEmail) {
    await enqueueMail(
      trx,
      ctx,
      {
        to: message.contactEmail,
        ...bilingualMail('applications.mail.newMessage', () => ({ reference: message.reference })),
      },
      message.tenantId,
    );
  }
  return id;
}
