import { formatDateTime } from '../../../core/i18n/index.js';
import { Alert, ChoiceGroup, PostForm, RowAction, SubmitButton, TextField } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import { organisationRoles, type OrganisationRole } from '../../access/index.js';
import { noErrors, type FormErrors } from '../http.js';
import type { OrganisationOverview } from '../organisations.js';
import { invitationLifetimeDays } from '../organisations.js';
import { Cell, Table } from '../../../web/components/table.js';
import { IdentityPage } from './common.js';

export interface OrganisationPageProps {
  view: View;
  overview: OrganisationOverview;
  /** The signed-in person, to mark their own row. */
  personId: string;
  errors?: FormErrors;
  /** The invitation form's values after a refused attempt. */
  values?: Record<string, unknown>;
  notice?: { kind: 'success' | 'danger'; text: string };
}

/** An organisation's members page: members with their roles, invitations (administrators), leaving. */
export function OrganisationPage({ view, overview, personId, errors = noErrors, values = {}, notice }: OrganisationPageProps) {
  const { t, lang } = view;
  const { organisation, role, members, invitations } = overview;
  const base = `/konto/organisationen/${organisation.id}`;
  const admin = role === 'admin';
  const memberColumns = ['name', 'email', 'role', 'since', ...(admin ? ['action'] : [])].map((column) => t(`identity.organisation.${column}`));
  const roleChoices = organisationRoles.map((r) => ({ value: r, label: t(`identity.organisation.role.${r}`), hint: t(`identity.organisation.role.${r}.hint`) }));
  const sentRole = typeof values.role === 'string' ? values.role : 'member';
  const otherRole = (r: OrganisationRole): OrganisationRole => (r === 'admin' ? 'member' : 'admin');
  return (
    <IdentityPage view={view} title={t('identity.organisation.title', { name: organisation.name })} errors={errors}>
      {notice && (
        <Alert kind={notice.kind}>
          <p class="kern-body">{notice.text}</p>
        </Alert>
      )}
      <p class="kern-body">{t('identity.organisation.intro')}</p>
      <p class="kern-body">{t('identity.organisation.yourRole', { role: t(`identity.organisation.role.${role}`) })}</p>

      <section aria-labelledby="members-title" class="aw-stack">
        <h2 class="kern-heading-medium" id="members-title">
          {t('identity.organisation.members')}
        </h2>
        <Table caption={t('identity.organisation.members')} columns={memberColumns}>
          {members.map((m) => (
            <tr class="kern-table__row" key={m.personId}>
              <Cell>
                {m.name} {m.personId === personId && t('identity.organisation.you')}
              </Cell>
              <Cell>{m.email ?? '–'}</Cell>
              <Cell>{t(`identity.organisation.role.${m.role}`)}</Cell>
              <Cell>{formatDateTime(lang, m.since)}</Cell>
              {admin && (
                <Cell>
                  {m.personId !== personId && (
                    <div class="aw-stack">
                      <RowAction
                        view={view}
                        action={`${base}/mitglieder/${m.personId}/rolle`}
                        label={t(m.role === 'admin' ? 'identity.organisation.makeMember' : 'identity.organisation.makeAdmin')}
                        object={m.name}
                      >
                        <input type="hidden" name="role" value={otherRole(m.role)} />
                      </RowAction>
                      <RowAction view={view} action={`${base}/mitglieder/${m.personId}/entfernen`} label={t('identity.organisation.remove')} object={m.name} />
                    </div>
                  )}
                </Cell>
              )}
            </tr>
          ))}
        </Table>
      </section>

      {admin && (
        <section aria-labelledby="invite-title" class="aw-stack">
          <h2 class="kern-heading-medium" id="invite-title">
            {t('identity.organisation.invite')}
          </h2>
          <PostForm view={view} action={`${base}/einladen`} label={t('identity.organisation.invite')}>
            <TextField
              view={view}
              id="email"
              label={t('identity.field.email')}
              hint={t('identity.organisation.inviteHint', { days: invitationLifetimeDays })}
              type="email"
              autocomplete="off"
              value={typeof values.email === 'string' ? values.email : ''}
              error={errors.byField.email}
              maxLength={254}
            />
            <ChoiceGroup view={view} id="role" legend={t('identity.organisation.role')} choices={roleChoices} selected={[sentRole]} error={errors.byField.role} />
            <SubmitButton>{t('identity.organisation.inviteSubmit')}</SubmitButton>
          </PostForm>

          <h3 class="kern-heading-small" id="invitations-title">
            {t('identity.organisation.invitations')}
          </h3>
          {invitations.length === 0 ? (
            <p class="kern-body">{t('identity.organisation.noInvitations')}</p>
          ) : (
            <Table caption={t('identity.organisation.invitations')} columns={['email', 'role', 'validUntil', 'action'].map((column) => t(`identity.organisation.${column}`))}>
              {invitations.map((i) => (
                <tr class="kern-table__row" key={i.id}>
                  <Cell>{i.email}</Cell>
                  <Cell>{t(`identity.organisation.role.${i.role}`)}</Cell>
                  <Cell>{formatDateTime(lang, i.expiresAt)}</Cell>
                  <Cell>
                    <RowAction view={view} action={`${base}/einladungen/${i.id}/zurueckziehen`} label={t('identity.organisation.revoke')} object={i.email} />
                  </Cell>
                </tr>
              ))}
            </Table>
          )}
        </section>
      )}

      <section aria-labelledby="leave-title" class="aw-stack">
        <h2 class="kern-heading-medium" id="leave-title">
          {t('identity.organisation.leave')}
        </h2>
        <p class="kern-body">{t('identity.organisation.leaveText', { name: organisation.name })}</p>
        <PostForm view={view} action={`${base}/verlassen`} label={t('identity.organisation.leave')}>
          <SubmitButton variant="secondary">{t('identity.organisation.leaveSubmit')}</SubmitButton>
        </PostForm>
      </section>
    </IdentityPage>
  );
}

/** The page behind an invitation link: sign in first, or accept with one button (mail scanners only GET). */
export function InvitationPage({
  view,
  organisation,
  role,
  token,
  signedIn,
  staff,
}: {
  view: View;
  organisation: string;
  role: OrganisationRole;
  token: string;
  signedIn: boolean;
  staff: boolean;
}) {
  const { t } = view;
  const here = `/konto/einladung?token=${encodeURIComponent(token)}`;
  return (
    <IdentityPage view={view} title={t('identity.invitation.title')}>
      <p class="kern-body">{t('identity.invitation.text', { organisation, role: t(`identity.organisation.role.${role}`) })}</p>
      {staff ? (
        <Alert kind="warning">
          <p class="kern-body">{t('identity.invitation.staff')}</p>
        </Alert>
      ) : signedIn ? (
        <PostForm view={view} action={here}>
          <SubmitButton>{t('identity.invitation.submit')}</SubmitButton>
        </PostForm>
      ) : (
        <>
          <p class="kern-body">{t('identity.invitation.signIn')}</p>
          <p class="kern-body">
            <a class="kern-link" href={`/anmelden?zurueck=${encodeURIComponent(here)}`}>
              {t('identity.invitation.signInLink')}
            </a>
          </p>
          <p class="kern-body">
            <a class="kern-link" href="/registrieren">
              {t('identity.invitation.registerLink')}
            </a>
          </p>
        </>
      )}
    </IdentityPage>
  );
}
