import { ChoiceGroup, ErrorSummary, PostForm, Select, SubmitButton, TextField } from '../../../../web/components/form.js';
import type { View } from '../../../../web/view.js';
import { disposals, formations, maxKennzeichenLength, maxTitleLength, type Plan, type PlanUnit } from '../model.js';
import { PlanAdminPage, planPath, unitPath, type FormErrors } from './common.js';

/** The unit form's values as typed (strings), so a refused form shows exactly what was sent. */
export interface UnitFormValues {
  kennzeichen: string;
  title: string;
  parentId: string;
  retentionYears: string;
  disposal: string;
  formation: string;
  validFrom: string;
  validTo: string;
  reason: string;
}

export const topLevel = '';

export interface UnitPageProps {
  view: View;
  plan: Plan;
  /** The unit being edited; absent for a new one. */
  unit?: PlanUnit;
  /** Units a unit may hang under (not retired, not the unit itself). */
  parents: PlanUnit[];
  values: UnitFormValues;
  errors: FormErrors;
  retireReason?: string;
  retireErrors?: FormErrors;
}

/** Creates or edits an Aktenplan unit; an open unit can also be retired (Stilllegung) here. */
export function UnitPage({ view, plan, unit, parents, values, errors, retireReason = '', retireErrors }: UnitPageProps) {
  const { t } = view;
  const heading = unit ? t('recordsPlan.unit.editTitle', { kennzeichen: unit.kennzeichen }) : t('recordsPlan.unit.new');
  const problems = [...errors.problems, ...(retireErrors?.problems ?? [])];
  return (
    <PlanAdminPage view={view} title={heading} invalid={problems.length > 0} back={{ href: planPath(plan), label: plan.title }}>
      <ErrorSummary view={view} problems={problems} />
      {unit?.retired && <p class="kern-body">{t('recordsPlan.unit.retiredNote', { date: unit.validTo ?? '' })}</p>}
      <PostForm view={view} action={unit ? unitPath(plan, unit) : `${planPath(plan)}/einheiten/neu`} class="kern-stack" label={heading}>
        <input type="hidden" name="version" value={String(plan.version)} />
        <TextField
          view={view}
          id="kennzeichen"
          label={t('recordsPlan.unit.kennzeichen')}
          hint={t('recordsPlan.hint.kennzeichen')}
          value={values.kennzeichen}
          error={errors.byField.kennzeichen}
          maxLength={maxKennzeichenLength}
        />
        <TextField view={view} id="title" label={t('recordsPlan.unit.title')} value={values.title} error={errors.byField.title} maxLength={maxTitleLength} />
        <Select
          view={view}
          id="parentId"
          label={t('recordsPlan.unit.parent')}
          selected={values.parentId}
          error={errors.byField.parentId}
          options={[{ value: topLevel, label: t('recordsPlan.unit.topLevel') }, ...parents.map((p) => ({ value: p.id, label: `${p.kennzeichen} ${p.title}` }))]}
        />
        <TextField
          view={view}
          id="retentionYears"
          label={t('recordsPlan.unit.retention')}
          hint={t('recordsPlan.hint.retention')}
          value={values.retentionYears}
          error={errors.byField.retentionYears}
          maxLength={12}
        />
        <ChoiceGroup
          view={view}
          id="disposal"
          legend={t('recordsPlan.unit.disposal')}
          error={errors.byField.disposal}
          selected={[values.disposal]}
          choices={disposals.map((d) => ({ value: d, label: t(`recordsPlan.disposal.${d}`), hint: t(`recordsPlan.disposalHint.${d}`) }))}
        />
        <ChoiceGroup
          view={view}
          id="formation"
          legend={t('recordsPlan.unit.formation')}
          hint={t('recordsPlan.hint.formation')}
          error={errors.byField.formation}
          selected={[values.formation]}
          choices={formations.map((f) => ({ value: f, label: t(`recordsPlan.formation.${f}`) }))}
        />
        <TextField
          view={view}
          id="validFrom"
          type="date"
          label={t('recordsPlan.unit.validFrom')}
          hint={t('recordsPlan.hint.date')}
          value={values.validFrom}
          error={errors.byField.validFrom}
          optional
        />
        <TextField
          view={view}
          id="validTo"
          type="date"
          label={t('recordsPlan.unit.validTo')}
          hint={t('recordsPlan.hint.date')}
          value={values.validTo}
          error={errors.byField.validTo}
          optional
        />
        <TextField
          view={view}
          id="reason"
          label={t('recordsPlan.change.reason')}
          hint={t('recordsPlan.change.reasonHint')}
          value={values.reason}
          error={errors.byField.reason}
          optional={!unit}
          multiline
        />
        <SubmitButton>{unit ? t('recordsPlan.unit.save') : t('recordsPlan.unit.create')}</SubmitButton>
      </PostForm>
      {unit && !unit.retired && (
        <section aria-labelledby="retire-title" class="kern-stack">
          <h2 class="kern-heading-medium" id="retire-title">
            {t('recordsPlan.retire.title')}
          </h2>
          <p class="kern-body">{t('recordsPlan.retire.intro')}</p>
          <PostForm view={view} action={`${unitPath(plan, unit)}/stilllegen`} class="kern-stack" label={t('recordsPlan.retire.title')}>
            <input type="hidden" name="version" value={String(plan.version)} />
            <TextField
              view={view}
              id="retireReason"
              name="reason"
              label={t('recordsPlan.retire.reason')}
              value={retireReason}
              error={retireErrors?.byField.retireReason}
              multiline
            />
            <SubmitButton variant="secondary">{t('recordsPlan.retire.submit')}</SubmitButton>
          </PostForm>
        </section>
      )}
    </PlanAdminPage>
  );
}
