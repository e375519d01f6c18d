import { bilingualMail } from '../../core/i18n/index.js';
import { toStored } from '../../core/clock.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction, type Executor, type Trx } from '../../core/db/index.js';
import { appendAudit } from '../../core/audit/index.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { enqueueMail } from '../../core/mail/index.js';
import { auditActor, can, type Actor } from './access.js';
import { blobStoreOf, checkedUpload, cleanFileName, type FileInput } from './attachments.js';
import { getApplication, procedureOf } from './service.js';
import { notifyApplicantReply } from './submission-listeners.js';
import { valueAt } from '../../core/json-pointer.js';

/**
 * The Postfach of an application: messages between the applicant and the recipient authorities.
 * The case-worker side (later) writes with `sendToApplicant`; the applicant reads and replies.
 */

export interface MessageAttachment {
  name: string;
  type: string;
  size: number;
  sha256: string;
}

export interface Message {
  id: string;
  applicationId: string;
  direction: 'in' | 'out';
  authorityId: string | null;
  authorName: string;
  subject: string;
  body: string;
  attachments: MessageAttachment[];
  readAt: string | null;
  createdAt: string;
}

export const messageLimits = {
  subject: 200,
  body: 10_000,
  files: 5,
  fileBytes: 10 * 1024 * 1024,
  accept: ['application/pdf', 'image/png', 'image/jpeg', 'text/plain', 'text/csv'],
} as const;

/** Every message of an application, oldest first; callers have checked who may read them. */
export async function readMessages(db: Executor, tenantId: string, applicationId: string): Promise<Message[]> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('application_id', '=', applicationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    applicationId: row.application_id,
    direction: row.direction,
    authorityId: row.authority_id,
    authorName: row.author_name,
    subject: row.subject,
    body: row.body,
    attachments: JSON.parse(row.attachments) as MessageAttachment[],
    readAt: row.read_at,
    createdAt: row.created_at,
  }));
}

export async function listMessages(ctx: AppContext, actor: Actor, applicationId: string): Promise<Message[]> {
  const application = await getApplication(ctx, actor, applicationId);
  return readMessages(ctx.db, application.tenantId, application.id);
}

/** The applicant opened the Postfach: the authority's messages count as read. */
export async function markMessagesRead(ctx: AppContext, actor: Actor, applicationId: string): Promise<void> {
  const application = await getApplication(ctx, actor, applicationId);
  if (application.ownerAccountId === null || actor.kind !== 'citizen') return;
  await inTransaction(ctx.db, (trx) =>
    trx
      .updateTable('messages')
      .set({ read_at: toStored(ctx.clock.now()) })
      .where('tenant_id', '=', application.tenantId)
      .where('application_id', '=', application.id)
      .where('direction', '=', 'out')
      .where('read_at', 'is', null)
      .execute(),
  );
}

export interface NewMessage {
  subject?: string;
  body: string;
  files?: FileInput[];
}

function checkText(message: NewMessage): { subject: string; body: string } {
  const body = typeof message.body === 'string' ? message.body.trim() : '';
  const subject = typeof message.subject === 'string' ? message.subject.trim() : '';
  const errors = [];
  if (!body) errors.push({ pointer: '/body', code: 'forms.required' });
  else if (body.length > messageLimits.body) errors.push({ pointer: '/body', code: 'forms.text.tooLong', params: { max: messageLimits.body } });
  if (subject.length > messageLimits.subject) errors.push({ pointer: '/subject', code: 'forms.text.tooLong', params: { max: messageLimits.subject } });
  if (errors.length) throw new ValidationError(errors);
  return { subject, body };
}

async function storeFiles(ctx: AppContext, files: FileInput[]): Promise<{ bytes: Buffer; meta: MessageAttachment }[]> {
  if (files.length > messageLimits.files) throw new ValidationError([{ pointer: '/files', code: 'applications.upload.tooMany', params: { max: messageLimits.files } }]);
  const out = [];
  for (const [index, file] of files.entries()) {
    const { bytes, type } = await checkedUpload(ctx, `/files/${index}`, file, { maxBytes: messageLimits.fileBytes, accept: messageLimits.accept });
    out.push({ bytes, meta: { name: cleanFileName(file.name), type, size: bytes.length, sha256: '' } });
  }
  return out;
}

interface MessageToStore {
  id: string;
  tenantId: string;
  applicationId: string;
  direction: 'in' | 'out';
  authorityId: string | null;
  authorAccountId: string;
  authorName: string;
  text: { subject: string; body: string };
  files: { bytes: Buffer; meta: MessageAttachment }[];
}

/** Stores a message with its files and its audit entry, inside the caller's transaction. */
async function storeMessage(trx: Trx, ctx: AppContext, actor: Actor, message: MessageToStore): Promise<void> {
  for (const file of message.files) file.meta.sha256 = (await blobStoreOf(ctx).put(file.bytes, file.meta.type, trx)).sha256;
  await trx
    .insertInto('messages')
    .values({
      id: message.id,
      tenant_id: message.tenantId,
      application_id: message.applicationId,
      direction: message.direction,
      authority_id: message.authorityId,
      author_account_id: message.authorAccountId,
      author_name: message.authorName,
      subject: message.text.subject,
      body: message.text.body,
      attachments: JSON.stringify(message.files.map((f) => f.meta)),
      read_at: null,
      created_at: toStored(ctx.clock.now()),
    })
    .execute();
  await appendAudit(trx, ctx, {
    tenantId: message.tenantId,
    actor: auditActor(actor),
    action: 'application.message',
    objectType: 'application',
    objectId: message.applicationId,
    details: { message: message.id, direction: message.direction },
  });
}

/** The applicant writes to the authorities of a submitted application. */
export async function replyToAuthority(ctx: AppContext, actor: Actor, applicationId: string, message: NewMessage): Promise<Message> {
  const application = await getApplication(ctx, actor, applicationId);
  if (actor.kind !== 'citizen' || !can(actor, 'application.submit', { tenantId: application.tenantId, ownerAccountId: application.ownerAccountId })) throw new ForbiddenError();
  if (application.status !== 'submitted') throw new ConflictError('applications.notSubmitted');
  const text = checkText(message);
  const files = await storeFiles(ctx, message.files ?? []);
  const id = newId();
  await inTransaction(ctx.db, async (trx) => {
    await storeMessage(trx, ctx, actor, {
      id,
      tenantId: application.tenantId,
      applicationId: application.id,
      direction: 'in',
      authorityId: null,
      authorAccountId: actor.accountId,
      authorName: actor.name,
      text,
      files,
    });
    await notifyApplicantReply(trx, ctx, { tenantId: application.tenantId, applicationId: application.id, messageId: id, authorityId: null });
  });
  return (await listMessages(ctx, actor, applicationId)).find((m) => m.id === id)!;
}

/**
 * An authority writes to the applicant (the case-worker side calls this). The applicant gets a mail
 * "Sie haben eine neue Nachricht" — without the content.
 */
export async function sendToApplicant(ctx: AppContext, actor: Actor, applicationId: string, authorityId: string, message: NewMessage): Promise<string> {
  const recipient = await ctx.db
    .selectFrom('application_recipients')
    .select(['tenant_id', 'authority_name'])
    .where('tenant_id', '=', actor.tenantId)
    .where('application_id', '=', applicationId)
    .where('authority_id', '=', authorityId)
    .executeTakeFirst();
  if (!recipient || actor.kind !== 'staff' || !can(actor, 'case.act', { tenantId: recipient.tenant_id, authorityId })) throw new ForbiddenError();
  const application = await ctx.db
    .selectFrom('applications')
    .select(['id', 'tenant_id', 'reference', 'procedure_key', 'procedure_version', 'data'])
    .where('tenant_id', '=', actor.tenantId)
    .where('id', '=', applicationId)
    .executeTakeFirstOrThrow();
  const { procedure } = await procedureOf(ctx, { procedureKey: application.procedure_key, procedureVersion: Number(application.procedure_version) });
  const contact = procedure.contactEmail ? valueAt(JSON.parse(application.data), procedure.contactEmail) : undefined;
  const text = checkText(message);
  const files = await storeFiles(ctx, message.files ?? []);
  const id = newId();
  await inTransaction(ctx.db, async (trx) => {
    await storeMessage(trx, ctx, actor, {
      id,
      tenantId: application.tenant_id,
      applicationId: application.id,
      direction: 'out',
      authorityId,
      authorAccountId: actor.accountId,
      authorName: recipient.authority_name,
      text,
      files,
    });
    await trx
      .insertInto('application_events')
      .values({
        id: newId(),
        tenant_id: application.tenant_id,
        application_id: application.id,
        kind: 'message',
        authority_id: authorityId,
        details: '{}',
        created_at: toStored(ctx.clock.now()),
      })
      .execute();
    if (typeof contact === 'string') {
      await enqueueMail(trx, ctx, { to: contact, ...bilingualMail('applications.mail.newMessage', () => ({ reference: application.reference ?? '' })) }, application.tenant_id);
    }
  });
  return id;
}

/** Whether a blob belongs to a message of this application (for downloads). */
export async function messageAttachment(ctx: AppContext, actor: Actor, applicationId: string, sha256: string): Promise<{ bytes: Buffer; type: string; name: string } | undefined> {
  const found = (await listMessages(ctx, actor, applicationId)).flatMap((m) => m.attachments).find((a) => a.sha256 === sha256);
  if (!found) return undefined;
  return { bytes: await blobStoreOf(ctx).get(sha256), type: found.type, name: found.name };
}
