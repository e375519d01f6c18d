import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { Workflow } from '../workflow/schema.js';

/** The workflow diagram for administrators, with the same content as text (the diagram's alternative). */
export function WorkflowPage({ view, workflow, title }: { view: View; workflow: Workflow; title: string }) {
  const { t, lang } = view;
  const stateName = (s: string) => workflow.states[s]?.staff[lang] ?? s;
  return (
    <Layout view={view} title={t('cases.workflow.title', { title })}>
      <h1 class="kern-title kern-title--large">{t('cases.workflow.title', { title })}</h1>
      <figure class="aw-workflow">
        <img src={`/verwaltung/verfahren/${workflow.procedureKey}/workflow.svg?lang=${lang}`} alt="" aria-describedby="workflow-text" />
      </figure>
      <div id="workflow-text">
        <h2 class="kern-title">{t('cases.workflow.states')}</h2>
        <ul class="kern-list">
          {Object.entries(workflow.states).map(([name, state]) => (
            <li>
              <strong>{state.staff[lang]}</strong> ({name}){state.terminal ? `, ${t('cases.workflow.terminal')}` : ''} –{' '}
              {state.applicant ? t('cases.workflow.applicantSees', { label: state.applicant.label[lang] }) : t('cases.workflow.internal')}
            </li>
          ))}
        </ul>
        <h2 class="kern-title">{t('cases.workflow.actions')}</h2>
        <ul class="kern-list">
          {Object.entries(workflow.actions).map(([name, action]) => (
            <li>
              {t('cases.workflow.action', {
                label: action.label[lang],
                from: action.from.map(stateName).join(', '),
                to: stateName(action.to),
                roles: action.system ? t('cases.workflow.system') : action.roles.join(', '),
              })}
              {action.fourEyes ? ` (${t('cases.workflow.fourEyes')})` : ''} <span class="kern-hint">({name})</span>
            </li>
          ))}
          {(workflow.timers ?? []).map((timer) => (
            <li>{t('cases.workflow.timer', { days: timer.workingDays, state: stateName(timer.state), action: workflow.actions[timer.action]?.label[lang] ?? timer.action })}</li>
          ))}
        </ul>
      </div>
    </Layout>
  );
}
