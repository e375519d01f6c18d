import { Alert, CsrfField, ErrorSummary, SubmitButton, TextField } from '../../../../web/components/form.js';
import type { View } from '../../../../web/view.js';
import type { Plan, UnitNode } from '../model.js';
import { PlanAdminPage, planPath, retentionText, unitPath, type FormErrors } from './common.js';

export interface PlanPageProps {
  view: View;
  plan: Plan;
  authorityName: string | null;
  tree: UnitNode[];
  mayEdit: boolean;
  /** After an import or a change: what happened. */
  notice?: string;
  importReason: string;
  errors: FormErrors;
}

/** The Aktenplan browser: the tree of units with their retention, and (for editors) the ways to change it. */
export function PlanPage({ view, plan, authorityName, tree, mayEdit, notice, importReason, errors }: PlanPageProps) {
  const { t } = view;
  return (
    <PlanAdminPage view={view} title={plan.title} invalid={errors.problems.length > 0}>
      <ErrorSummary view={view} problems={errors.problems} />
      {notice && (
        <Alert kind="success">
          <p class="kern-body">{notice}</p>
        </Alert>
      )}
      <p class="kern-body">
        {authorityName ?? t('recordsPlan.plan.shared')} · {t('recordsPlan.plan.versionIs', { version: plan.version })}
        {plan.validFrom && <> · {t('recordsPlan.plan.validFromIs', { date: plan.validFrom })}</>}
      </p>
      <p class="kern-body">
        {mayEdit && (
          <>
            <a class="kern-link" href={`${planPath(plan)}/einheiten/neu`}>
              {t('recordsPlan.unit.new')}
            </a>{' '}
            ·{' '}
          </>
        )}
        <a class="kern-link" href={`${planPath(plan)}/historie`}>
          {t('recordsPlan.history.title')}
        </a>{' '}
        ·{' '}
        <a class="kern-link" href={`${planPath(plan)}/aktenplan.csv`} download>
          {t('recordsPlan.export.csv')}
        </a>{' '}
        ·{' '}
        <a class="kern-link" href={`${planPath(plan)}/aktenplan.xml`} download>
          {t('recordsPlan.export.xdomea')}
        </a>
      </p>
      <section aria-labelledby="tree-title" class="kern-stack">
        <h2 class="kern-heading-medium" id="tree-title">
          {t('recordsPlan.tree.title')}
        </h2>
        {tree.length === 0 ? <p class="kern-body">{t('recordsPlan.tree.empty')}</p> : <UnitList view={view} plan={plan} nodes={tree} mayEdit={mayEdit} />}
      </section>
      {mayEdit && (
        <section aria-labelledby="import-title" class="kern-stack">
          <h2 class="kern-heading-medium" id="import-title">
            {t('recordsPlan.import.title')}
          </h2>
          <p class="kern-body">{t('recordsPlan.import.intro')}</p>
          <form method="post" action={`${planPath(plan)}/import`} encType="multipart/form-data" class="kern-stack" noValidate aria-label={t('recordsPlan.import.title')}>
            <CsrfField view={view} />
            <input type="hidden" name="version" value={String(plan.version)} />
            <div class={`kern-form-input${errors.byField.csv ? ' kern-form-input--error' : ''}`}>
              <label class="kern-label" for="csv">
                {t('recordsPlan.import.file')}
              </label>
              <div class="kern-hint" id="csv-hint">
                {t('recordsPlan.import.hint')}
              </div>
              {errors.byField.csv && (
                <p class="kern-error" id="csv-error">
                  <span class="kern-sr-only">{t('form.errorPrefix')} </span>
                  {errors.byField.csv}
                </p>
              )}
              <input
                class="kern-form-input__input"
                type="file"
                id="csv"
                name="csv"
                accept=".csv,text/csv,.xml,application/xml,.zip"
                aria-describedby={errors.byField.csv ? 'csv-hint csv-error' : 'csv-hint'}
                aria-invalid={errors.byField.csv ? 'true' : undefined}
              />
            </div>
            <TextField
              view={view}
              id="reason"
              label={t('recordsPlan.change.reason')}
              hint={t('recordsPlan.change.reasonHint')}
              value={importReason}
              error={errors.byField.reason}
              multiline
            />
            <SubmitButton variant="secondary">{t('recordsPlan.import.submit')}</SubmitButton>
          </form>
        </section>
      )}
    </PlanAdminPage>
  );
}

/** Nested lists: screen readers announce each level and its size; works without script or styles. */
function UnitList({ view, plan, nodes, mayEdit }: { view: View; plan: Plan; nodes: UnitNode[]; mayEdit: boolean }) {
  const { t } = view;
  return (
    <ul class="kern-list aw-plan-tree">
      {nodes.map(({ unit, children }) => (
        <li key={unit.id}>
          <strong>{unit.kennzeichen}</strong> {unit.title}
          {unit.retired && (
            <>
              {' '}
              <span class="kern-badge kern-badge--warning">{t('recordsPlan.unit.retired')}</span>
            </>
          )}
          <br />
          <span class="kern-body kern-body--small">
            {t('recordsPlan.unit.summary', {
              retention: retentionText(view, unit.retentionYears),
              disposal: t(`recordsPlan.disposal.${unit.disposal}`),
              formation: t(`recordsPlan.formation.${unit.formation}`),
            })}
            {mayEdit && (
              <>
                {' '}
                ·{' '}
                <a class="kern-link" href={unitPath(plan, unit)}>
                  {t('recordsPlan.unit.edit')}
                  <span class="kern-sr-only"> {unit.kennzeichen}</span>
                </a>
              </>
            )}
          </span>
          {children.length > 0 && <UnitList view={view} plan={plan} nodes={children} mayEdit={mayEdit} />}
        </li>
      ))}
    </ul>
  );
}
