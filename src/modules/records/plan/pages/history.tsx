import { formatDateTime } from '../../../../core/i18n/index.js';
import { Cell, Table } from '../../../../web/components/table.js';
import type { View } from '../../../../web/view.js';
import type { Plan, PlanChange } from '../model.js';
import { PlanAdminPage, planPath } from './common.js';

/** The fields a history entry names when they changed, in the form's order. */
const shownFields = ['kennzeichen', 'title', 'parent', 'retentionYears', 'disposal', 'formation', 'validFrom', 'validTo', 'retired', 'position', 'authorityId'] as const;

function describe(view: View, value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'boolean') return view.t(value ? 'recordsPlan.yes' : 'recordsPlan.no');
  return String(value);
}

/** "Titel: alt → neu" for each field that changed; every field of a new unit. */
function changedFields(view: View, change: PlanChange): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  return shownFields
    .filter((field) => field in after && JSON.stringify(before[field]) !== JSON.stringify(after[field]))
    .map((field) => `${view.t(`recordsPlan.field.${field}`)}: ${change.before ? `${describe(view, before[field])} → ` : ''}${describe(view, after[field])}`);
}

export function HistoryPage({ view, plan, changes }: { view: View; plan: Plan; changes: PlanChange[] }) {
  const { t } = view;
  const heading = t('recordsPlan.history.of', { plan: plan.title });
  return (
    <PlanAdminPage view={view} title={heading} back={{ href: planPath(plan), label: plan.title }}>
      <Table
        caption={heading}
        columns={[t('recordsPlan.plan.version'), t('recordsPlan.history.when'), t('recordsPlan.history.who'), t('recordsPlan.history.what'), t('recordsPlan.history.why')]}
      >
        {changes.map((change) => (
          <tr class="kern-table__row" key={change.id}>
            <Cell>{change.planVersion}</Cell>
            <Cell>{formatDateTime(view.lang, change.createdAt)}</Cell>
            <Cell>{change.actorName}</Cell>
            <Cell>
              <strong>{t(`recordsPlan.change.${change.change}`)}</strong> {String(change.after?.kennzeichen ?? change.before?.kennzeichen ?? change.after?.title ?? '')}
              <ul class="kern-list">
                {changedFields(view, change).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </Cell>
            <Cell>{change.reason ?? '–'}</Cell>
          </tr>
        ))}
      </Table>
    </PlanAdminPage>
  );
}
