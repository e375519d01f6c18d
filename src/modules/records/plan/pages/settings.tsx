import { Alert, ChoiceGroup, ErrorSummary, PostForm, Select, SubmitButton, TextField } from '../../../../web/components/form.js';
import type { View } from '../../../../web/view.js';
import { recordsModes, type Plan } from '../model.js';
import { PlanAdminPage, settingsPath, type FormErrors } from './common.js';

export interface SettingsValues {
  planId: string;
  fileNumberPattern: string;
  mode: string;
  handoverTarget: string;
}

export interface SettingsPageProps {
  view: View;
  authority: { id: string; name: string };
  plans: Plan[];
  values: SettingsValues;
  mayEdit: boolean;
  saved: boolean;
  errors: FormErrors;
}

/** An authority's records settings: its Aktenplan, the Aktenzeichen pattern, and where the E-Akte is kept. */
export function SettingsPage({ view, authority, plans, values, mayEdit, saved, errors }: SettingsPageProps) {
  const { t } = view;
  const heading = t('recordsPlan.settings.of', { authority: authority.name });
  if (!mayEdit) {
    const plan = plans.find((p) => p.id === values.planId);
    return (
      <PlanAdminPage view={view} title={heading}>
        <dl class="kern-description-list">
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t('recordsPlan.settings.plan')}</dt>
            <dd class="kern-description-list-item__value">{plan?.title ?? '–'}</dd>
          </div>
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t('recordsPlan.settings.pattern')}</dt>
            <dd class="kern-description-list-item__value">
              <code>{values.fileNumberPattern}</code>
            </dd>
          </div>
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t('recordsPlan.settings.mode')}</dt>
            <dd class="kern-description-list-item__value">
              {t(`recordsPlan.mode.${values.mode}`)}
              {values.handoverTarget && <> ({values.handoverTarget})</>}
            </dd>
          </div>
        </dl>
      </PlanAdminPage>
    );
  }
  return (
    <PlanAdminPage view={view} title={heading} invalid={errors.problems.length > 0}>
      <ErrorSummary view={view} problems={errors.problems} />
      {saved && (
        <Alert kind="success">
          <p class="kern-body">{t('recordsPlan.settings.saved')}</p>
        </Alert>
      )}
      <PostForm view={view} action={settingsPath(authority.id)} class="kern-stack" label={heading}>
        <Select
          view={view}
          id="planId"
          label={t('recordsPlan.settings.plan')}
          selected={values.planId}
          error={errors.byField.planId}
          options={plans.map((p) => ({ value: p.id, label: p.authorityId ? p.title : `${p.title} (${t('recordsPlan.plan.shared')})` }))}
        />
        <TextField
          view={view}
          id="fileNumberPattern"
          label={t('recordsPlan.settings.pattern')}
          hint={t('recordsPlan.hint.pattern')}
          value={values.fileNumberPattern}
          error={errors.byField.fileNumberPattern}
          maxLength={100}
        />
        <ChoiceGroup
          view={view}
          id="mode"
          legend={t('recordsPlan.settings.mode')}
          error={errors.byField.mode}
          selected={[values.mode]}
          choices={recordsModes.map((m) => ({ value: m, label: t(`recordsPlan.mode.${m}`), hint: t(`recordsPlan.modeHint.${m}`) }))}
        />
        <TextField
          view={view}
          id="handoverTarget"
          label={t('recordsPlan.settings.handoverTarget')}
          hint={t('recordsPlan.hint.handoverTarget')}
          value={values.handoverTarget}
          error={errors.byField.handoverTarget}
          optional
          maxLength={500}
        />
        <SubmitButton>{t('recordsPlan.settings.save')}</SubmitButton>
      </PostForm>
    </PlanAdminPage>
  );
}
