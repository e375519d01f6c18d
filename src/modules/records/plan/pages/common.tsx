import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../../core/errors.js';
import type { FieldProblem } from '../../../../web/components/form.js';
import { Layout } from '../../../../web/layout.js';
import type { View } from '../../../../web/view.js';
import type { Plan, PlanUnit } from '../model.js';

export const plansPath = '/verwaltung/aktenplan';
export const planPath = (plan: Pick<Plan, 'id'>) => `${plansPath}/${plan.id}`;
export const unitPath = (plan: Pick<Plan, 'id'>, unit: Pick<PlanUnit, 'id'>) => `${planPath(plan)}/einheiten/${unit.id}`;
export const settingsPath = (authorityId: string) => `${plansPath}/einstellungen/${authorityId}`;

/** A page of the Aktenplan administration: the way back to the list, then the heading. */
export function PlanAdminPage({
  view,
  title,
  heading = title,
  invalid = false,
  back,
  children,
}: {
  view: View;
  title: string;
  heading?: string;
  invalid?: boolean;
  back?: { href: string; label: string };
  children: ComponentChildren;
}) {
  const { t } = view;
  return (
    <Layout view={view} title={invalid ? `${t('form.errorPrefix')} ${title}` : title}>
      <nav aria-label={t('recordsPlan.breadcrumb')} class="kern-body">
        <a class="kern-link" href={plansPath}>
          {t('recordsPlan.list.title')}
        </a>
        {back && (
          <>
            {' '}
            ›{' '}
            <a class="kern-link" href={back.href}>
              {back.label}
            </a>
          </>
        )}
      </nav>
      <h1 class="kern-heading-large">{heading}</h1>
      {children}
    </Layout>
  );
}

/** Field errors of a service for a form: the message per field and the summary's list (first message per field). */
export interface FormErrors {
  byField: Record<string, string>;
  problems: FieldProblem[];
}

export const noErrors: FormErrors = { byField: {}, problems: [] };

/**
 * `/retentionYears` belongs to the field `retentionYears`; `/lines/7/titel` (an import) to the
 * file field, with the line and column in front of the message.
 */
export function formErrors(view: View, fields: FieldError[], fileField = 'csv'): FormErrors {
  const byField: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  for (const field of fields) {
    const [first = 'form', line, column] = field.pointer.split('/').slice(1);
    const message = view.t(field.code, field.params);
    if (first === 'lines') {
      const where =
        line === undefined ? '' : column === undefined ? `${view.t('recordsPlan.import.line', { line })}: ` : `${view.t('recordsPlan.import.lineColumn', { line, column })}: `;
      byField[fileField] ??= view.t('recordsPlan.import.refused');
      problems.push({ fieldId: fileField, message: where + message });
      continue;
    }
    if (byField[first]) continue;
    byField[first] = message;
    problems.push({ fieldId: first, message });
  }
  return { byField, problems };
}

/** "30 Jahre", "unbefristet". */
export function retentionText(view: View, years: number | null): string {
  return years === null ? view.t('recordsPlan.unit.unlimited') : view.t('recordsPlan.unit.years', { years });
}
