import type { AppContext } from '../../core/context.js';
import type { Actor } from './access.js';
import { followUpsOf, type FollowUpView } from './follow-ups.js';
import { getApplication } from './service.js';
import type { Application } from './store.js';

/** Where an application stands, for the applicant: per recipient authority, and as a timeline. */
export interface ApplicationStatusView {
  application: Application;
  recipients: { authorityId: string; name: string; status: string; reason: { de: string; en: string } | null; updatedAt: string }[];
  timeline: { kind: string; authorityId: string | null; authorityName: string | null; details: Record<string, unknown>; at: string }[];
  unreadMessages: number;
  /** Duties after submission (procedure.json `followUps`), by due date. */
  followUps: FollowUpView[];
}

export async function applicationStatus(ctx: AppContext, actor: Actor, id: string): Promise<ApplicationStatusView> {
  const application = await getApplication(ctx, actor, id);
  const scope = { tenantId: application.tenantId, applicationId: application.id };
  const [recipients, events, unread, followUps] = await Promise.all([
    ctx.db
      .selectFrom('application_recipients')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('application_id', '=', scope.applicationId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('application_events')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('application_id', '=', scope.applicationId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    ctx.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll().as('count'))
      .where('tenant_id', '=', scope.tenantId)
      .where('application_id', '=', scope.applicationId)
      .where('direction', '=', 'out')
      .where('read_at', 'is', null)
      .executeTakeFirst(),
    followUpsOf(ctx.db, scope.tenantId, scope.applicationId),
  ]);
  const names = new Map(recipients.map((r) => [r.authority_id, r.authority_name]));
  return {
    application,
    recipients: recipients.map((r) => ({
      authorityId: r.authority_id,
      name: r.authority_name,
      status: r.status,
      reason: r.reason ? JSON.parse(r.reason) : null,
      updatedAt: r.updated_at,
    })),
    timeline: events.map((e) => ({
      kind: e.kind,
      authorityId: e.authority_id,
      authorityName: e.authority_id ? (names.get(e.authority_id) ?? null) : null,
      details: JSON.parse(e.details) as Record<string, unknown>,
      at: e.created_at,
    })),
    unreadMessages: Number(unread?.count ?? 0),
    followUps,
  };
}
