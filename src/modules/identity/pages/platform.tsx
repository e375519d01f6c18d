import { formatDateTime, formatNumber, hasMessage } from '../../../core/i18n/index.js';
import { Alert, PostForm, SubmitButton, TextField } from '../../../web/components/form.js';
import { Cell, Table } from '../../../web/components/table.js';
import type { View } from '../../../web/view.js';
import type { FormErrors } from '../http.js';
import { settingsFields, type TenantOverview } from '../platform.js';
import { IdentityPage } from './common.js';

export const tenantsPath = '/betrieb/mandanten';

/** The operator must know that a change is not live everywhere at once. */
function RestartNote({ view }: { view: View }) {
  return (
    <Alert kind="info">
      <p class="kern-body">{view.t('platform.tenants.restartNote')}</p>
    </Alert>
  );
}

function colourText(view: View, colour: TenantOverview['colour']): string {
  if (!colour) return view.t('platform.tenant.neutral');
  const contrast = formatNumber(view.lang, Math.floor(colour.contrast * 100) / 100);
  return view.t(colour.meetsAA ? 'platform.tenant.colourValue' : 'platform.tenant.colourTooPale', { colour: colour.value, contrast });
}

/** The state of a tenant's settings, one line each: what the operator still has to provide. */
function settingsState(view: View, tenant: TenantOverview): [label: string, state: string][] {
  const { t } = view;
  return [
    ['platform.tenant.logo', tenant.logo ?? t('platform.tenant.neutral')],
    ['platform.tenant.colour', colourText(view, tenant.colour)],
    ['platform.tenant.legalPages', t(tenant.legalPages ? 'platform.tenant.present' : 'platform.tenant.generalText')],
    ['platform.tenant.contact', tenant.contact ?? t('platform.tenant.missing')],
    [
      'platform.tenant.settingsOwner',
      tenant.settingsEditedAt ? t('platform.tenant.ownedByOperator', { date: formatDateTime(view.lang, tenant.settingsEditedAt, false) }) : t('platform.tenant.ownedByFile'),
    ],
  ].map(([key, state]) => [t(key!), state!]);
}

export function TenantsPage({ view, tenants }: { view: View; tenants: TenantOverview[] }) {
  const { t } = view;
  const columns = [
    'platform.tenant.name',
    'platform.tenant.slug',
    'platform.tenant.hosts',
    'platform.tenant.logo',
    'platform.tenant.colour',
    'platform.tenant.legalPages',
    'platform.tenant.contact',
    'platform.tenant.settingsOwner',
  ];
  return (
    <IdentityPage view={view} title={t('platform.tenants.title')}>
      <p class="kern-body">{t('platform.tenants.intro')}</p>
      <RestartNote view={view} />
      <p class="kern-body">
        <a class="kern-link" href={`${tenantsPath}/neu`}>
          {t('platform.tenants.add')}
        </a>
      </p>
      <Table caption={t('platform.tenants.title')} columns={columns.map((key) => t(key))}>
        {tenants.map((tenant) => (
          <tr class="kern-table__row" key={tenant.slug}>
            <Cell>
              <a class="kern-link" href={`${tenantsPath}/${tenant.slug}`}>
                {tenant.name}
              </a>
            </Cell>
            <Cell>{tenant.slug}</Cell>
            <Cell>{tenant.hosts.join(', ')}</Cell>
            {settingsState(view, tenant).map(([label, state]) => (
              <Cell key={label}>{state}</Cell>
            ))}
          </tr>
        ))}
      </Table>
    </IdentityPage>
  );
}

type Values = Record<string, unknown>;
const typedValue = (values: Values, name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');

function HostsField({ view, values, errors }: { view: View; values: Values; errors: FormErrors }) {
  const { t } = view;
  return (
    <TextField
      view={view}
      id="hosts"
      label={t('platform.tenant.hosts')}
      hint={t('platform.tenant.hostsHint')}
      value={typedValue(values, 'hosts')}
      error={errors.byField.hosts}
      maxLength={2000}
    />
  );
}

function BackLink({ view }: { view: View }) {
  return (
    <p class="kern-body">
      <a class="kern-link" href={tenantsPath}>
        {view.t('platform.tenants.back')}
      </a>
    </p>
  );
}

export function TenantAddPage({ view, values, errors }: { view: View; values: Values; errors: FormErrors }) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('platform.tenants.add')} errors={errors}>
      <PostForm view={view} action={`${tenantsPath}/neu`}>
        <TextField
          view={view}
          id="slug"
          label={t('platform.tenant.slug')}
          hint={t('platform.tenant.slugHint')}
          value={typedValue(values, 'slug')}
          error={errors.byField.slug}
          maxLength={30}
        />
        <TextField
          view={view}
          id="name"
          label={t('platform.tenant.name')}
          hint={t('platform.tenant.nameHint')}
          value={typedValue(values, 'name')}
          error={errors.byField.name}
          maxLength={200}
        />
        <HostsField view={view} values={values} errors={errors} />
        <SubmitButton>{t('platform.tenant.addSubmit')}</SubmitButton>
      </PostForm>
      <RestartNote view={view} />
      <BackLink view={view} />
    </IdentityPage>
  );
}

/** The name, look and legal data the operator edits; a tenant without settings gets them on the command line first. */
function SettingsForm({ view, tenant, values, errors }: { view: View; tenant: TenantOverview; values: Values | undefined; errors: FormErrors }) {
  const { t } = view;
  if (!tenant.settingsForm) return <p class="kern-body">{t('platform.tenant.noSettings', { slug: tenant.slug })}</p>;
  const shown: Values = values ?? { name: tenant.name, ...tenant.settingsForm };
  return (
    <PostForm view={view} action={`${tenantsPath}/${tenant.slug}/einstellungen`}>
      <p class="kern-body">{t('platform.tenant.settingsIntro')}</p>
      <TextField
        view={view}
        id="name"
        label={t('platform.tenant.name')}
        hint={t('platform.tenant.nameHint')}
        value={typedValue(shown, 'name')}
        error={errors.byField.name}
        maxLength={200}
      />
      {settingsFields.map((field) => (
        <TextField
          key={field.id}
          view={view}
          id={field.id}
          label={t(`platform.tenant.field.${field.id}`)}
          hint={hasMessage(`platform.tenant.field.${field.id}Hint`) ? t(`platform.tenant.field.${field.id}Hint`) : undefined}
          value={typedValue(shown, field.id)}
          error={errors.byField[field.id]}
          optional={'optional' in field}
          multiline={'lines' in field}
          maxLength={500}
        />
      ))}
      <SubmitButton>{t('platform.tenant.settingsSubmit')}</SubmitButton>
    </PostForm>
  );
}

/** One tenant: the state of its settings, its name, look and legal data and its host names, which the operator may change. */
export function TenantPage({ view, tenant, values, errors }: { view: View; tenant: TenantOverview; values?: Values; errors: FormErrors }) {
  const { t } = view;
  // One page, two forms: what was typed and refused goes back into the form it came from.
  const typedInto = (form: 'settings' | 'hosts') => (values && ('hosts' in values ? 'hosts' : 'settings') === form ? values : undefined);
  return (
    <IdentityPage view={view} title={tenant.name} errors={errors}>
      <RestartNote view={view} />
      <dl class="kern-description-list">
        {[[t('platform.tenant.slug'), tenant.slug] as const, ...settingsState(view, tenant)].map(([label, state]) => (
          <div class="kern-description-list-item" key={label}>
            <dt class="kern-description-list-item__key">{label}</dt>
            <dd class="kern-description-list-item__value">{state}</dd>
          </div>
        ))}
      </dl>
      <h2 class="kern-heading-medium">{t('platform.tenant.changeSettings')}</h2>
      <SettingsForm view={view} tenant={tenant} values={typedInto('settings')} errors={errors} />
      <h2 class="kern-heading-medium">{t('platform.tenant.changeHosts')}</h2>
      <PostForm view={view} action={`${tenantsPath}/${tenant.slug}/hostnamen`}>
        <HostsField view={view} values={typedInto('hosts') ?? { hosts: tenant.hosts.join(', ') }} errors={errors} />
        <SubmitButton>{t('platform.tenant.hostsSubmit')}</SubmitButton>
      </PostForm>
      <BackLink view={view} />
    </IdentityPage>
  );
}
