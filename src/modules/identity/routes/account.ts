import type { FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit } from '../../../core/audit/index.js';
import type { AppContext } from '../../../core/context.js';
import { inTransaction } from '../../../core/db/index.js';
import { NotFoundError, ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { sendPage } from '../../../web/render.js';
import { changePassword, confirmEmailChange, deleteAccount, requestEmailChange, updateProfile } from '../accounts.js';
import { clearSessionCookie, formBody, formErrors, noErrors, requestInfo, requireSignedIn } from '../http.js';
import { confirmEnrolment } from '../login.js';
import { InvalidLinkError, peekToken } from '../one-time-tokens.js';
import { AccountPage, DeleteAccountPage, type AccountForm, type AccountPageProps } from '../pages/account.js';
import { MessagePage } from '../pages/common.js';
import { ConfirmLinkPage } from '../pages/register.js';
import { EnrolPage, RecoveryCodesPage } from '../pages/login.js';
import { deleteAllSessions, deleteSession, listSessions, setActingFor } from '../sessions.js';
import * as store from '../store.js';
import { ensureTotpSecret, hasConfirmedTotp, remainingRecoveryCodes, removeTotp } from '../totp.js';

export async function accountRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  /** Who is signed in, with a complete session (the pages below are only for them). */
  const signedIn = (request: FastifyRequest) => {
    const actor = request.actor;
    if ((actor.kind !== 'citizen' && actor.kind !== 'staff') || !request.session) throw new Error('requireSignedIn was not called');
    return { tenantId: actor.tenantId, accountId: actor.accountId, session: request.session };
  };

  const accountPage = async (request: FastifyRequest, reply: FastifyReply, extra: Partial<AccountPageProps> = {}, status = 200) => {
    const { tenantId, accountId, session } = signedIn(request);
    const account = await store.findAccountById(ctx.db, tenantId, accountId);
    if (!account) throw new NotFoundError();
    const props: AccountPageProps = {
      view: request.view,
      account,
      session,
      sessions: await listSessions(ctx.db, tenantId, accountId),
      organisations: account.kind === 'person' ? await store.organisationsOf(ctx.db, tenantId, accountId) : [],
      actingFor: session.actingFor,
      totp: { enrolled: await hasConfirmedTotp(ctx.db, tenantId, accountId), recoveryCodesLeft: await remainingRecoveryCodes(ctx.db, tenantId, accountId) },
      hasPassword: !!(await store.passwordHashOf(ctx.db, tenantId, accountId)),
      ...extra,
    };
    return sendPage(reply, AccountPage(props), status);
  };

  /** Runs an account form's action; on bad input the account page comes back with the messages at that form. */
  const accountForm =
    (form: AccountForm, fieldIds: Record<string, string>, action: (request: FastifyRequest, body: Record<string, unknown>) => Promise<string>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      if (!requireSignedIn(request, reply)) return reply;
      const body = formBody(request);
      try {
        const notice = await action(request, body);
        return reply.redirect(`/konto?hinweis=${notice}`, 303);
      } catch (error) {
        if (error instanceof ValidationError) return accountPage(request, reply, { failed: { form, errors: formErrors(request.view, error, fieldIds), values: body } }, 422);
        throw error;
      }
    };

  const notices = new Set(['profile', 'email', 'password', 'session', 'sessions', 'actingFor', 'joined', 'left']);
  app.get('/konto', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const notice = (request.query as Record<string, unknown>).hinweis;
    return accountPage(request, reply, typeof notice === 'string' && notices.has(notice) ? { notice: request.view.t(`identity.account.notice.${notice}`) } : {});
  });

  const profileIds = Object.fromEntries(['givenName', 'familyName', 'birthDate', 'street', 'postcode', 'city'].map((f) => [f, `profile-${f}`]));
  app.post(
    '/konto/profil',
    accountForm('profile', profileIds, async (request, body) => {
      const { tenantId, accountId } = signedIn(request);
      await updateProfile(ctx, tenantId, accountId, body);
      return 'profile';
    }),
  );

  app.post(
    '/konto/email',
    accountForm('email', {}, async (request, body) => {
      await requestEmailChange(ctx, requestInfo(ctx, request), signedIn(request).accountId, body);
      return 'email';
    }),
  );

  app.post(
    '/konto/passwort',
    accountForm('password', {}, async (request, body) => {
      const { tenantId, accountId, session } = signedIn(request);
      await changePassword(ctx, tenantId, accountId, session.id, body);
      return 'password';
    }),
  );

  app.post(
    '/konto/handeln-fuer',
    accountForm('actingFor', {}, async (request, body) => {
      const { tenantId, accountId, session } = signedIn(request);
      const choice = typeof body.organisation === 'string' && body.organisation ? body.organisation : null;
      const organisations = await store.organisationsOf(ctx.db, tenantId, accountId);
      if (choice && !organisations.some((o) => o.accountId === choice)) throw new ValidationError([{ pointer: '/organisation', code: 'identity.account.actingForInvalid' }]);
      await inTransaction(ctx.db, async (trx) => {
        await setActingFor(trx, session.id, choice);
        await appendAudit(trx, ctx, {
          tenantId,
          actor: { type: 'account', id: accountId },
          action: 'session.actingFor',
          objectType: 'session',
          objectId: session.id,
          details: { organisationId: choice },
        });
      });
      return 'actingFor';
    }),
  );

  app.post<{ Params: { id: string } }>('/konto/sitzungen/:id/beenden', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { tenantId, accountId } = signedIn(request);
    await inTransaction(ctx.db, async (trx) => {
      if (!(await deleteSession(trx, tenantId, accountId, request.params.id.slice(0, 40)))) throw new NotFoundError();
      await appendAudit(trx, ctx, { tenantId, actor: { type: 'account', id: accountId }, action: 'session.revoke', objectType: 'session', objectId: request.params.id });
    });
    return reply.redirect('/konto?hinweis=session', 303);
  });

  app.post('/konto/sitzungen/alle-beenden', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { tenantId, accountId } = signedIn(request);
    await inTransaction(ctx.db, async (trx) => {
      const ended = await deleteAllSessions(trx, tenantId, accountId);
      await appendAudit(trx, ctx, {
        tenantId,
        actor: { type: 'account', id: accountId },
        action: 'session.revokeAll',
        objectType: 'account',
        objectId: accountId,
        details: { ended },
      });
    });
    clearSessionCookie(reply);
    return reply.redirect('/anmelden', 303);
  });

  // ---- second factor from the account page ----
  const enrolPage = async (request: FastifyRequest, reply: FastifyReply, errors = noErrors, status = 200) => {
    const { tenantId, accountId } = signedIn(request);
    const account = await store.findAccountById(ctx.db, tenantId, accountId);
    if (!account) throw new NotFoundError();
    const enrolment = await ensureTotpSecret(ctx.db, ctx, account, request.view.tenant.name);
    if (enrolment.confirmed) {
      return sendPage(
        reply,
        ConfirmLinkPage({
          view: request.view,
          title: request.view.t('identity.totp.renewTitle'),
          text: request.view.t('identity.totp.renewText'),
          action: '/konto/zweiter-faktor/neu',
          button: request.view.t('identity.totp.renewSubmit'),
        }),
      );
    }
    return sendPage(reply, EnrolPage({ view: request.view, secret: enrolment.secret, uri: enrolment.uri, errors, action: '/konto/zweiter-faktor' }), status);
  };

  app.get('/konto/zweiter-faktor', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    return enrolPage(request, reply);
  });

  app.post('/konto/zweiter-faktor', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    try {
      const { recoveryCodes } = await confirmEnrolment(ctx, requestInfo(ctx, request), signedIn(request).session, formBody(request));
      return sendPage(reply, RecoveryCodesPage({ view: request.view, codes: recoveryCodes, continueTo: '/konto' }));
    } catch (error) {
      if (error instanceof ValidationError) return enrolPage(request, reply, formErrors(request.view, error), 422);
      throw error;
    }
  });

  /** Starts over with a new secret (lost phone while still signed in); the old one stops working now. */
  app.post('/konto/zweiter-faktor/neu', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { tenantId, accountId } = signedIn(request);
    await inTransaction(ctx.db, async (trx) => {
      await removeTotp(trx, tenantId, accountId);
      await appendAudit(trx, ctx, { tenantId, actor: { type: 'account', id: accountId }, action: 'totp.remove', objectType: 'account', objectId: accountId });
    });
    return reply.redirect('/konto/zweiter-faktor', 303);
  });

  // ---- change of address: the link in the mail to the new address ----
  const tokenOf = (request: FastifyRequest) => {
    const token = (request.query as Record<string, unknown>).token;
    return typeof token === 'string' ? token : '';
  };
  const invalidLink = (request: FastifyRequest, reply: FastifyReply) =>
    sendPage(reply, MessagePage({ view: request.view, title: request.view.t('identity.link.invalidTitle'), text: request.view.t('identity.link.invalid'), kind: 'warning' }), 410);

  app.get('/konto/email-bestaetigen', async (request, reply) => {
    const { t } = request.view;
    try {
      await peekToken(ctx.db, ctx, request.view.tenant.id, 'change-email', tokenOf(request));
    } catch (error) {
      if (error instanceof InvalidLinkError) return invalidLink(request, reply);
      throw error;
    }
    return sendPage(
      reply,
      ConfirmLinkPage({
        view: request.view,
        title: t('identity.changeEmail.title'),
        text: t('identity.changeEmail.text'),
        action: `/konto/email-bestaetigen?token=${encodeURIComponent(tokenOf(request))}`,
        button: t('identity.changeEmail.submit'),
      }),
    );
  });

  app.post('/konto/email-bestaetigen', async (request, reply) => {
    const { t } = request.view;
    try {
      await confirmEmailChange(ctx, requestInfo(ctx, request), tokenOf(request));
    } catch (error) {
      if (error instanceof InvalidLinkError) return invalidLink(request, reply);
      if (error instanceof ValidationError)
        return sendPage(reply, MessagePage({ view: request.view, title: t('identity.changeEmail.title'), text: t('identity.email.taken'), kind: 'warning' }), 409);
      throw error;
    }
    return sendPage(
      reply,
      MessagePage({
        view: request.view,
        title: t('identity.changeEmail.doneTitle'),
        text: t('identity.changeEmail.done'),
        kind: 'success',
        link: { href: '/konto', label: t('identity.account.title') },
      }),
    );
  });

  // ---- deletion ----
  app.get('/konto/loeschen', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { tenantId, accountId } = signedIn(request);
    return sendPage(reply, DeleteAccountPage({ view: request.view, hasPassword: !!(await store.passwordHashOf(ctx.db, tenantId, accountId)), errors: noErrors }));
  });

  app.post('/konto/loeschen', async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { tenantId, accountId } = signedIn(request);
    const { t } = request.view;
    try {
      await deleteAccount(ctx, tenantId, accountId, formBody(request));
    } catch (error) {
      if (error instanceof ValidationError) {
        const hasPassword = !!(await store.passwordHashOf(ctx.db, tenantId, accountId));
        return sendPage(reply, DeleteAccountPage({ view: request.view, hasPassword, errors: formErrors(request.view, error) }), 422);
      }
      throw error;
    }
    clearSessionCookie(reply);
    return sendPage(reply, MessagePage({ view: request.view, title: t('identity.delete.doneTitle'), text: t('identity.delete.done'), kind: 'success' }));
  });
}
