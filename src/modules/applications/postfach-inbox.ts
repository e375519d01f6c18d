import type { AppContext } from '../../core/context.js';
import type { Executor } from '../../core/db/index.js';
import { principalAccountId, type Actor } from './access.js';

/**
 * The applicant's Postfach across all their applications: the authorities' messages, newest
 * first, and how many are unread (for the header). Both go from the owner's applications
 * (index `applications_owner`) to their messages (index `messages_app`).
 */

export interface InboxMessage {
  id: string;
  applicationId: string;
  reference: string | null;
  authorName: string;
  subject: string;
  createdAt: string;
  unread: boolean;
}

/** How many of the authorities' messages to this person are unread: one indexed query. */
export async function unreadMessageCount(db: Executor, actor: Actor): Promise<number> {
  const owner = principalAccountId(actor);
  if (owner === null) return 0;
  const row = await db
    .selectFrom('applications')
    .innerJoin('messages', 'messages.application_id', 'applications.id')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('applications.tenant_id', '=', actor.tenantId)
    .where('applications.owner_account_id', '=', owner)
    .where('messages.tenant_id', '=', actor.tenantId)
    .where('messages.direction', '=', 'out')
    .where('messages.read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** The authorities' latest messages to this person (at most `limit`), newest first. */
export async function listInboxMessages(ctx: AppContext, actor: Actor, limit = 100): Promise<InboxMessage[]> {
  const owner = principalAccountId(actor);
  if (owner === null) return [];
  const rows = await ctx.db
    .selectFrom('applications')
    .innerJoin('messages', 'messages.application_id', 'applications.id')
    .select(['messages.id', 'messages.application_id', 'applications.reference', 'messages.author_name', 'messages.subject', 'messages.created_at', 'messages.read_at'])
    .where('applications.tenant_id', '=', actor.tenantId)
    .where('applications.owner_account_id', '=', owner)
    .where('messages.tenant_id', '=', actor.tenantId)
    .where('messages.direction', '=', 'out')
    .orderBy('messages.created_at', 'desc')
    .orderBy('messages.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    applicationId: row.application_id,
    reference: row.reference,
    authorName: row.author_name,
    subject: row.subject,
    createdAt: row.created_at,
    unread: row.read_at === null,
  }));
}
