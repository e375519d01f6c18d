import { ErrorSummary, PostForm, Select, SubmitButton, TextField } from '../../../../web/components/form.js';
import { Cell, Table } from '../../../../web/components/table.js';
import type { View } from '../../../../web/view.js';
import type { Plan } from '../model.js';
import { PlanAdminPage, planPath, settingsPath, type FormErrors } from './common.js';

export interface AuthorityChoice {
  id: string;
  name: string;
}

export interface PlansPageProps {
  view: View;
  plans: Plan[];
  /** Names of the authorities the plans belong to. */
  authorityName: (id: string) => string;
  /** Authorities the actor may create plans for or configure; empty: the form is not shown. */
  editable: AuthorityChoice[];
  /** Whether the actor may create the tenant's shared plan. */
  mayCreateShared: boolean;
  /** Authorities whose records settings the actor may see. */
  settings: AuthorityChoice[];
  values: { authorityId: string; title: string; validFrom: string };
  errors: FormErrors;
}

export const sharedValue = 'gemeinsam';

/** The plans the actor may read, the way to each authority's settings, and a new plan. */
export function PlansPage({ view, plans, authorityName, editable, mayCreateShared, settings, values, errors }: PlansPageProps) {
  const { t } = view;
  return (
    <PlanAdminPage view={view} title={t('recordsPlan.list.title')} invalid={errors.problems.length > 0}>
      <ErrorSummary view={view} problems={errors.problems} />
      <p class="kern-body">{t('recordsPlan.list.intro')}</p>
      {plans.length === 0 ? (
        <p class="kern-body">{t('recordsPlan.list.none')}</p>
      ) : (
        <Table caption={t('recordsPlan.list.title')} columns={[t('recordsPlan.plan.title'), t('recordsPlan.plan.authority'), t('recordsPlan.plan.version')]}>
          {plans.map((plan) => (
            <tr class="kern-table__row" key={plan.id}>
              <Cell>
                <a class="kern-link" href={planPath(plan)}>
                  {plan.title}
                </a>
              </Cell>
              <Cell>{plan.authorityId ? authorityName(plan.authorityId) : t('recordsPlan.plan.shared')}</Cell>
              <Cell>{plan.version}</Cell>
            </tr>
          ))}
        </Table>
      )}
      {settings.length > 0 && (
        <section aria-labelledby="settings-title" class="kern-stack">
          <h2 class="kern-heading-medium" id="settings-title">
            {t('recordsPlan.settings.title')}
          </h2>
          <ul class="kern-list">
            {settings.map((authority) => (
              <li key={authority.id}>
                <a class="kern-link" href={settingsPath(authority.id)}>
                  {t('recordsPlan.settings.of', { authority: authority.name })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {(editable.length > 0 || mayCreateShared) && (
        <section aria-labelledby="new-plan-title" class="kern-stack">
          <h2 class="kern-heading-medium" id="new-plan-title">
            {t('recordsPlan.list.new')}
          </h2>
          <PostForm view={view} action="/verwaltung/aktenplan" class="kern-stack" label={t('recordsPlan.list.new')}>
            <Select
              view={view}
              id="authorityId"
              label={t('recordsPlan.plan.authority')}
              selected={values.authorityId}
              error={errors.byField.authorityId}
              options={[...(mayCreateShared ? [{ value: sharedValue, label: t('recordsPlan.plan.shared') }] : []), ...editable.map((a) => ({ value: a.id, label: a.name }))]}
            />
            <TextField view={view} id="title" label={t('recordsPlan.plan.title')} value={values.title} error={errors.byField.title} maxLength={300} />
            <TextField
              view={view}
              id="validFrom"
              type="date"
              label={t('recordsPlan.plan.validFrom')}
              hint={t('recordsPlan.hint.date')}
              value={values.validFrom}
              error={errors.byField.validFrom}
              optional
            />
            <SubmitButton>{t('recordsPlan.list.create')}</SubmitButton>
          </PostForm>
        </section>
      )}
    </PlanAdminPage>
  );
}
