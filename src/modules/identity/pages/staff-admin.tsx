import { Alert, ChoiceGroup, PostForm, RowAction, SubmitButton, TextField } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import { tenantGrantableRoles } from '../../access/index.js';
import { apiClientScopes } from '../../access/index.js';
import type { ApiClient } from '../api-clients.js';
import type { FormErrors } from '../http.js';
import type { StaffMember } from '../staff.js';
import type { Team } from '../teams.js';
import { Table } from '../../../web/components/table.js';
import { IdentityPage } from './common.js';

export interface AuthorityOption {
  id: string;
  name: string;
}

interface SelectProps {
  view: View;
  id: string;
  /** The posted name; the id when not given. */
  name?: string;
  label: string;
  options: AuthorityOption[];
  /** The first option, with the empty value. */
  emptyLabel?: string;
  selected?: string | null;
  hint?: string;
  error?: string;
  optional?: boolean;
}

function OptionSelect({ view, id, name, label, options, emptyLabel, selected, hint, error, optional }: SelectProps) {
  const { t } = view;
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {label}
        {optional && <span class="kern-label__optional"> {t('form.optional')}</span>}
      </label>
      {hint && (
        <div class="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p class="kern-error" id={`${id}-error`}>
          <span class="kern-sr-only">{t('form.errorPrefix')} </span>
          {error}
        </p>
      )}
      <div class="kern-form-input__select-wrapper">
        <select class={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`} id={id} name={name ?? id} aria-describedby={described}>
          {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
          {options.map((o) => (
            <option key={o.id} value={o.id} selected={o.id === selected}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function AuthoritySelect(props: Omit<SelectProps, 'emptyLabel'>) {
  return <OptionSelect {...props} emptyLabel={props.view.t('identity.staff.noAuthority')} />;
}

/** The team of a new role: any team, labelled with its authority; the service refuses one of another authority. */
function TeamSelect({ view, teams, error }: { view: View; teams: Team[]; error?: string }) {
  const { t } = view;
  if (teams.length === 0) return null;
  const options = teams.map((team) => ({ id: team.id, name: `${team.name} – ${team.authorityName}` }));
  return (
    <OptionSelect
      view={view}
      id="teamId"
      label={t('identity.team.field')}
      hint={t('identity.team.fieldHint')}
      options={options}
      emptyLabel={t('identity.team.none')}
      error={error}
      optional
    />
  );
}

function roleText(view: View, m: StaffMember['memberships'][number]): string {
  const where = [m.authorityName, m.teamName ? view.t('identity.team.of', { name: m.teamName }) : null].filter(Boolean).join(', ');
  return `${view.t(`identity.role.${m.role}`)}${where ? ` (${where})` : ''}`;
}

function RoleChoice({ view, errors }: { view: View; errors: FormErrors }) {
  const { t } = view;
  return (
    <ChoiceGroup
      view={view}
      id="role"
      legend={t('identity.staff.role')}
      error={errors.byField.role}
      choices={tenantGrantableRoles.map((r) => ({ value: r, label: t(`identity.role.${r}`) }))}
      selected={['caseWorker']}
    />
  );
}

export function StaffListPage({ view, staff }: { view: View; staff: StaffMember[] }) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('identity.staff.title')}>
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/personal/neu">
          {t('identity.staff.add')}
        </a>{' '}
        ·{' '}
        <a class="kern-link" href="/verwaltung/teams">
          {t('identity.team.title')}
        </a>{' '}
        ·{' '}
        <a class="kern-link" href="/verwaltung/api-clients">
          {t('identity.apiClient.title')}
        </a>
      </p>
      <Table caption={t('identity.staff.title')} columns={['identity.field.name', 'identity.field.email', 'identity.staff.roles', 'identity.staff.status'].map((key) => t(key))}>
        {staff.map((member) => (
          <tr class="kern-table__row" key={member.id}>
            <td class="kern-table__cell">
              <a class="kern-link" href={`/verwaltung/personal/${member.id}`}>
                {member.displayName}
              </a>
            </td>
            <td class="kern-table__cell">{member.email}</td>
            <td class="kern-table__cell">{member.memberships.map((m) => roleText(view, m)).join(', ')}</td>
            <td class="kern-table__cell">{t(`identity.staff.status.${member.status}`)}</td>
          </tr>
        ))}
      </Table>
    </IdentityPage>
  );
}

export function StaffAddPage({
  view,
  authorities,
  teams,
  values,
  errors,
  created,
}: {
  view: View;
  authorities: AuthorityOption[];
  teams: Team[];
  values: Record<string, unknown>;
  errors: FormErrors;
  created?: { name: string; password: string };
}) {
  const { t } = view;
  const value = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  return (
    <IdentityPage view={view} title={t('identity.staff.add')} errors={errors}>
      {created && (
        <Alert kind="success" title={t('identity.staff.created', { name: created.name })}>
          <p class="kern-body">
            {t('identity.staff.initialPassword')} <code id="initial-password">{created.password}</code>
          </p>
        </Alert>
      )}
      <PostForm view={view} action="/verwaltung/personal/neu">
        <TextField view={view} id="name" label={t('identity.field.name')} value={value('name')} error={errors.byField.name} maxLength={100} />
        <TextField view={view} id="email" label={t('identity.field.email')} type="email" value={value('email')} error={errors.byField.email} maxLength={254} />
        <AuthoritySelect view={view} id="authorityId" label={t('identity.staff.authority')} options={authorities} error={errors.byField.authorityId} optional />
        <RoleChoice view={view} errors={errors} />
        <TeamSelect view={view} teams={teams} error={errors.byField.teamId} />
        <SubmitButton>{t('identity.staff.addSubmit')}</SubmitButton>
      </PostForm>
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/personal">
          {t('identity.staff.back')}
        </a>
      </p>
    </IdentityPage>
  );
}

export function StaffMemberPage({
  view,
  member,
  authorities,
  teams,
  errors,
}: {
  view: View;
  member: StaffMember;
  authorities: AuthorityOption[];
  teams: Team[];
  errors: FormErrors;
}) {
  const { t } = view;
  const base = `/verwaltung/personal/${member.id}`;
  return (
    <IdentityPage view={view} title={member.displayName} errors={errors}>
      <p class="kern-body">
        {member.email} – {t(`identity.staff.status.${member.status}`)}
      </p>
      <h2 class="kern-heading-medium">{t('identity.staff.roles')}</h2>
      <ul class="kern-list">
        {member.memberships.map((m) => (
          <li key={m.id}>
            {roleText(view, m)}
            {m.authorityId && teams.some((team) => team.authorityId === m.authorityId) && (
              <PostForm view={view} action={`${base}/rollen/${m.id}/team`} label={`${t('identity.team.field')}: ${roleText(view, m)}`}>
                <OptionSelect
                  view={view}
                  id={`team-${m.id}`}
                  name="teamId"
                  label={t('identity.team.field')}
                  options={teams.filter((team) => team.authorityId === m.authorityId)}
                  emptyLabel={t('identity.team.none')}
                  selected={m.teamId}
                />
                <SubmitButton variant="secondary">{t('identity.team.save')}</SubmitButton>
              </PostForm>
            )}
            <RowAction view={view} action={`${base}/rollen/${m.id}/entfernen`} label={t('identity.staff.removeRole')} object={roleText(view, m)} />
          </li>
        ))}
      </ul>
      <h2 class="kern-heading-medium">{t('identity.staff.addRole')}</h2>
      <PostForm view={view} action={`${base}/rollen`}>
        <AuthoritySelect view={view} id="authorityId" label={t('identity.staff.authority')} options={authorities} error={errors.byField.authorityId} optional />
        <RoleChoice view={view} errors={errors} />
        <TeamSelect view={view} teams={teams} error={errors.byField.teamId} />
        <SubmitButton variant="secondary">{t('identity.staff.addRole')}</SubmitButton>
      </PostForm>
      {member.status === 'active' && (
        <>
          <h2 class="kern-heading-medium">{t('identity.staff.deactivate')}</h2>
          <PostForm view={view} action={`${base}/deaktivieren`}>
            <SubmitButton variant="secondary">{t('identity.staff.deactivate')}</SubmitButton>
          </PostForm>
        </>
      )}
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/personal">
          {t('identity.staff.back')}
        </a>
      </p>
    </IdentityPage>
  );
}

export function ApiClientsPage({
  view,
  clients,
  authorities,
  errors,
  created,
}: {
  view: View;
  clients: ApiClient[];
  authorities: AuthorityOption[];
  errors: FormErrors;
  created?: { name: string; token: string };
}) {
  const { t } = view;
  const authorityName = (id: string) => authorities.find((a) => a.id === id)?.name ?? id;
  return (
    <IdentityPage view={view} title={t('identity.apiClient.title')} errors={errors}>
      {created && (
        <Alert kind="success" title={t('identity.apiClient.created', { name: created.name })}>
          <p class="kern-body">
            {t('identity.apiClient.tokenOnce')} <code id="api-token">{created.token}</code>
          </p>
        </Alert>
      )}
      <ul class="kern-list">
        {clients.map((c) => (
          <li key={c.id}>
            <strong>{c.name}</strong> ({authorityName(c.authorityId)}) – <code>{c.tokenPrefix}…</code> – {c.scopes.join(', ')} –{' '}
            {c.revokedAt ? (
              t('identity.apiClient.revoked')
            ) : (
              <RowAction view={view} action={`/verwaltung/api-clients/${c.id}/widerrufen`} label={t('identity.apiClient.revoke')} object={c.name} />
            )}
          </li>
        ))}
      </ul>
      <h2 class="kern-heading-medium">{t('identity.apiClient.add')}</h2>
      <PostForm view={view} action="/verwaltung/api-clients">
        <TextField view={view} id="name" label={t('identity.field.name')} error={errors.byField.name} maxLength={100} />
        <AuthoritySelect view={view} id="authorityId" label={t('identity.staff.authority')} options={authorities} error={errors.byField.authorityId} />
        <ChoiceGroup
          view={view}
          id="scopes"
          legend={t('identity.apiClient.scopes')}
          error={errors.byField.scopes}
          multiple
          choices={apiClientScopes.map((s) => ({ value: s, label: s }))}
          selected={[]}
        />
        <SubmitButton>{t('identity.apiClient.addSubmit')}</SubmitButton>
      </PostForm>
    </IdentityPage>
  );
}

/** The tenant's teams by authority: create one, delete an empty one. */
export function TeamsPage({
  view,
  teams,
  authorities,
  values,
  errors,
}: {
  view: View;
  teams: Team[];
  authorities: AuthorityOption[];
  values: Record<string, unknown>;
  errors: FormErrors;
}) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('identity.team.title')} errors={errors}>
      <p class="kern-body">{t('identity.team.intro')}</p>
      {teams.length === 0 ? (
        <p class="kern-body">{t('identity.team.empty')}</p>
      ) : (
        <Table
          caption={t('identity.team.title')}
          columns={[t('identity.staff.authority'), t('identity.team.name'), t('identity.team.members'), <span class="kern-sr-only">{t('identity.team.remove')}</span>]}
        >
          {teams.map((team) => (
            <tr class="kern-table__row" key={team.id}>
              <td class="kern-table__cell">{team.authorityName}</td>
              <th class="kern-table__cell" scope="row">
                {team.name}
              </th>
              <td class="kern-table__cell">{team.members}</td>
              <td class="kern-table__cell">
                {team.members === 0 && (
                  <PostForm view={view} action={`/verwaltung/teams/${team.id}/loeschen`} label={`${t('identity.team.remove')}: ${team.name}`}>
                    <SubmitButton variant="tertiary">{t('identity.team.remove')}</SubmitButton>
                  </PostForm>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      <h2 class="kern-heading-medium">{t('identity.team.add')}</h2>
      <PostForm view={view} action="/verwaltung/teams">
        <OptionSelect
          view={view}
          id="authorityId"
          label={t('identity.staff.authority')}
          options={authorities}
          selected={typeof values.authorityId === 'string' ? values.authorityId : null}
          error={errors.byField.authorityId}
        />
        <TextField view={view} id="name" label={t('identity.team.name')} value={typeof values.name === 'string' ? values.name : ''} error={errors.byField.name} maxLength={100} />
        <SubmitButton>{t('identity.team.add')}</SubmitButton>
      </PostForm>
      <p class="kern-body">
        <a class="kern-link" href="/verwaltung/personal">
          {t('identity.staff.back')}
        </a>
      </p>
    </IdentityPage>
  );
}
