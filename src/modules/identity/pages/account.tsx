import { formatDate, isLocalDate } from '../../../core/calendar/index.js';
import { formatDateTime } from '../../../core/i18n/index.js';
import { Alert, ChoiceGroup, PostForm, RowAction, SubmitButton, TextField } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import { noErrors, type FormErrors } from '../http.js';
import { passwordMinLength } from '../passwords.js';
import { profileFields, type Profile } from '../profile.js';
import type { Session } from '../sessions.js';
import { deviceOf } from '../user-agent.js';
import type { Account, OrganisationOfPerson } from '../store.js';
import { Table } from '../../../web/components/table.js';
import { IdentityPage } from './common.js';

export type AccountForm = 'profile' | 'email' | 'password' | 'actingFor';

export interface AccountPageProps {
  view: View;
  account: Account;
  session: Session;
  sessions: Session[];
  organisations: OrganisationOfPerson[];
  actingFor: string | null;
  totp: { enrolled: boolean; recoveryCodesLeft: number };
  hasPassword: boolean;
  /** Which form the errors belong to, and the values that were sent. */
  failed?: { form: AccountForm; errors: FormErrors; values: Record<string, unknown> };
  notice?: string;
}

/** Fields a person's profile shows; an organisation's profile is kept on its own account. */
const personFields = profileFields.filter((f) => f !== 'organisationName' && f !== 'registerNumber');

/** "Chrome auf Linux", "Firefox", "Windows" or "Unbekanntes Gerät": what the session list says instead of the raw User-Agent. */
function deviceName(view: View, userAgent: string | null): string {
  const { browser, system } = deviceOf(userAgent);
  if (browser && system) return view.t('identity.account.deviceOn', { browser, system });
  return browser ?? system ?? view.t('identity.account.unknownDevice');
}

/** A profile field's stored value as the form shows it: the date of birth as people write it (23.04.1980). */
function profileValue(profile: Profile, field: keyof Profile, view: View): string {
  const value = profile[field] ?? '';
  return field === 'birthDate' && isLocalDate(value) ? formatDate(value, view.lang, 'numeric') : value;
}

export function AccountPage(props: AccountPageProps) {
  const { view, account, session, sessions, organisations, actingFor, totp, hasPassword, failed, notice } = props;
  const { t } = view;
  const errorsOf = (form: AccountForm) => (failed?.form === form ? failed.errors : noErrors);
  const sentValue = (form: AccountForm, name: string, fallback = '') => {
    const sent = failed?.form === form ? failed.values[name] : undefined;
    return typeof sent === 'string' ? sent : fallback;
  };
  const profileErrors = errorsOf('profile');
  return (
    <IdentityPage view={view} title={t('identity.account.title')} errors={failed?.errors}>
      {notice && (
        <Alert kind="success">
          <p class="kern-body">{notice}</p>
        </Alert>
      )}
      <p class="kern-body">{t('identity.account.signedInAs', { name: account.displayName, email: account.email ?? '–', level: t(`identity.trust.${session.trustLevel}`) })}</p>

      <section aria-labelledby="profile-title" class="aw-stack">
        <h2 class="kern-heading-medium" id="profile-title">
          {t('identity.account.profile')}
        </h2>
        <p class="kern-body">{t('identity.account.profileHint')}</p>
        <PostForm view={view} action="/konto/profil" label={t('identity.account.profile')}>
          {(account.kind === 'staff' ? (['givenName', 'familyName'] as const) : personFields).map((field) => (
            <TextField
              key={field}
              view={view}
              id={`profile-${field}`}
              name={field}
              label={t(`identity.field.${field}`)}
              hint={field === 'birthDate' ? t('identity.profile.birthDateHint') : undefined}
              optional={field !== 'givenName' && field !== 'familyName'}
              value={sentValue('profile', field, profileValue(account.profile, field, view))}
              error={profileErrors.byField[field]}
              maxLength={200}
            />
          ))}
          <SubmitButton>{t('identity.account.saveProfile')}</SubmitButton>
        </PostForm>
      </section>

      {organisations.length > 0 && (
        <section aria-labelledby="acting-title" class="aw-stack">
          <h2 class="kern-heading-medium" id="acting-title">
            {t('identity.account.actingFor')}
          </h2>
          <PostForm view={view} action="/konto/handeln-fuer" label={t('identity.account.actingFor')}>
            <ChoiceGroup
              view={view}
              id="organisation"
              legend={t('identity.account.actingForLegend')}
              choices={[{ value: '', label: t('identity.account.actingForSelf') }, ...organisations.map((o) => ({ value: o.accountId, label: o.name }))]}
              selected={[actingFor ?? '']}
            />
            <SubmitButton variant="secondary">{t('identity.account.actingForSubmit')}</SubmitButton>
          </PostForm>
          <ul class="kern-list">
            {organisations.map((o) => (
              <li key={o.accountId}>
                <a class="kern-link" href={`/konto/organisationen/${o.accountId}`}>
                  {t('identity.account.organisationMembers', { name: o.name })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="email-title" class="aw-stack">
        <h2 class="kern-heading-medium" id="email-title">
          {t('identity.account.changeEmail')}
        </h2>
        <PostForm view={view} action="/konto/email" label={t('identity.account.changeEmail')}>
          <TextField
            view={view}
            id="newEmail"
            label={t('identity.field.newEmail')}
            hint={t('identity.account.changeEmailHint')}
            type="email"
            autocomplete="email"
            value={sentValue('email', 'newEmail')}
            error={errorsOf('email').byField.newEmail}
            maxLength={254}
          />
          <SubmitButton variant="secondary">{t('identity.account.changeEmailSubmit')}</SubmitButton>
        </PostForm>
      </section>

      {hasPassword && (
        <section aria-labelledby="password-title" class="aw-stack">
          <h2 class="kern-heading-medium" id="password-title">
            {t('identity.account.changePassword')}
          </h2>
          <PostForm view={view} action="/konto/passwort" label={t('identity.account.changePassword')}>
            <TextField
              view={view}
              id="currentPassword"
              label={t('identity.field.currentPassword')}
              type="password"
              autocomplete="current-password"
              error={errorsOf('password').byField.currentPassword}
            />
            <TextField
              view={view}
              id="newPassword"
              label={t('identity.field.newPassword')}
              hint={t('identity.password.hint', { min: passwordMinLength })}
              type="password"
              autocomplete="new-password"
              error={errorsOf('password').byField.newPassword}
            />
            <SubmitButton variant="secondary">{t('identity.account.changePasswordSubmit')}</SubmitButton>
          </PostForm>
        </section>
      )}

      <section aria-labelledby="totp-title" class="aw-stack">
        <h2 class="kern-heading-medium" id="totp-title">
          {t('identity.account.secondFactor')}
        </h2>
        <p class="kern-body">{totp.enrolled ? t('identity.account.totpOn', { count: totp.recoveryCodesLeft }) : t('identity.account.totpOff')}</p>
        <p class="kern-body">
          <a class="kern-link" href="/konto/zweiter-faktor">
            {totp.enrolled ? t('identity.account.totpRenew') : t('identity.account.totpSetUp')}
          </a>
        </p>
      </section>

      <section aria-labelledby="sessions-title" class="aw-stack">
        <h2 class="kern-heading-medium" id="sessions-title">
          {t('identity.account.sessions')}
        </h2>
        <Table
          caption={t('identity.account.sessions')}
          columns={['sessionDevice', 'sessionSince', 'sessionLastSeen', 'sessionAction'].map((column) => t(`identity.account.${column}`))}
        >
          {sessions.map((s) => (
            <tr class="kern-table__row" key={s.id}>
              <td class="kern-table__cell">
                {deviceName(view, s.userAgent)} ({t(`identity.trust.${s.trustLevel}`)})
              </td>
              <td class="kern-table__cell">{formatDateTime(view.lang, s.createdAt)}</td>
              <td class="kern-table__cell">{formatDateTime(view.lang, s.lastSeenAt)}</td>
              <td class="kern-table__cell">
                {s.id === session.id ? (
                  t('identity.account.thisSession')
                ) : (
                  <RowAction
                    view={view}
                    action={`/konto/sitzungen/${s.id}/beenden`}
                    label={t('identity.account.endSession')}
                    object={`${deviceName(view, s.userAgent)}, ${formatDateTime(view.lang, s.lastSeenAt)}`}
                  />
                )}
              </td>
            </tr>
          ))}
        </Table>
        <PostForm view={view} action="/konto/sitzungen/alle-beenden" label={t('identity.account.logoutEverywhere')}>
          <SubmitButton variant="secondary">{t('identity.account.logoutEverywhere')}</SubmitButton>
        </PostForm>
      </section>

      <section aria-labelledby="delete-title" class="aw-stack">
        <h2 class="kern-heading-medium" id="delete-title">
          {t('identity.account.delete')}
        </h2>
        <p class="kern-body">
          <a class="kern-link" href="/konto/loeschen">
            {t('identity.account.deleteLink')}
          </a>
        </p>
      </section>
    </IdentityPage>
  );
}

export function DeleteAccountPage({ view, hasPassword, errors }: { view: View; hasPassword: boolean; errors: FormErrors }) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('identity.delete.title')} errors={errors}>
      <h2 class="kern-heading-medium">{t('identity.delete.whatHappens')}</h2>
      <ul class="kern-list kern-list--bullet">
        <li>{t('identity.delete.personalData')}</li>
        <li>{t('identity.delete.drafts')}</li>
        <li>{t('identity.delete.submitted')}</li>
        <li>{t('identity.delete.decisions')}</li>
      </ul>
      <PostForm view={view} action="/konto/loeschen">
        {hasPassword && (
          <TextField view={view} id="password" label={t('identity.field.currentPassword')} type="password" autocomplete="current-password" error={errors.byField.password} />
        )}
        <ChoiceGroup
          view={view}
          id="confirm"
          legend={t('identity.delete.confirmLegend')}
          error={errors.byField.confirm}
          multiple
          choices={[{ value: 'yes', label: t('identity.delete.confirm') }]}
          selected={[]}
        />
        <SubmitButton>{t('identity.delete.submit')}</SubmitButton>
      </PostForm>
    </IdentityPage>
  );
}
