import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import { germanDate } from '../documents.js';
import { inboxTabs, type InboxFilter, type InboxPage, type InboxTab } from '../inbox.js';
import type { Workflow } from '../workflow/schema.js';

export interface InboxPageProps {
  view: View;
  tab: InboxTab;
  filter: InboxFilter;
  page: InboxPage;
  /** The workflows of the procedures in the list, for the state names and the filter. */
  workflows: Workflow[];
  procedureTitles: Record<string, string>;
  assignees: { accountId: string; name: string }[];
  /** The teams of the authorities shown: the team filter's options. */
  teams: { id: string; name: string }[];
  /** The query string of this view without the cursor, for the tab and next-page links. */
  query: (changes: Record<string, string | undefined>) => string;
  errors: Record<string, string>;
}

function stateLabel(workflows: Workflow[], key: string, state: string, view: View): string {
  return workflows.find((w) => w.procedureKey === key)?.states[state]?.staff[view.lang] ?? state;
}

/** One of the filter form's choices: "all" first, then the options as [value, label]. */
function FilterSelect({ view, name, label, selected, options }: { view: View; name: string; label: string; selected: string | undefined; options: (readonly [string, string])[] }) {
  return (
    <div class="kern-form-input">
      <label class="kern-label" for={`filter-${name}`}>
        {label}
      </label>
      <select class="kern-form-input__select" id={`filter-${name}`} name={name}>
        <option value="">{view.t('cases.inbox.any')}</option>
        {options.map(([value, text]) => (
          <option value={value} selected={selected === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The case worker's inbox: tabs with counts, filters (a GET form), the list sorted by due date, keyset paging. */
export function InboxPageView({ view, tab, filter, page, workflows, procedureTitles, assignees, teams, query, errors }: InboxPageProps) {
  const { t } = view;
  const states = [...new Map(workflows.flatMap((w) => Object.entries(w.states).map(([key, s]) => [key, s.staff[view.lang]] as const))).entries()];
  return (
    <Layout view={view} title={`${t('cases.inbox.title')} – ${t(`cases.tab.${tab}`)}`}>
      <h1 class="kern-title kern-title--large">{t('cases.inbox.title')}</h1>
      <nav aria-label={t('cases.inbox.tabs')}>
        <ul class="kern-list aw-tabs">
          {inboxTabs.map((name) => (
            <li>
              <a class="kern-link" href={query({ tab: name, cursor: undefined })} aria-current={name === tab ? 'page' : undefined}>
                {t(`cases.tab.${name}`)} <span class="kern-badge kern-badge--info kern-badge--small">{page.counts[name]}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'team' && <p class="kern-body">{page.myTeams.length ? t('cases.inbox.myTeams', { teams: page.myTeams.join(', ') }) : t('cases.inbox.noTeam')}</p>}

      <details class="aw-filter" open={Object.values(filter).some(Boolean)}>
        <summary class="kern-link">{t('cases.inbox.filter')}</summary>
        <form method="get" action="/bearbeitung">
          <input type="hidden" name="tab" value={tab} />
          {[
            ['q', 'search'],
            ['gemeinde', 'text'],
            ['from', 'date'],
            ['to', 'date'],
          ].map(([name, type]) => (
            <div class="kern-form-input">
              <label class="kern-label" for={`filter-${name}`}>
                {t(`cases.inbox.${name}`)}
              </label>
              {errors[name!] && (
                <p class="kern-error" id={`filter-${name}-error`}>
                  {errors[name!]}
                </p>
              )}
              <input
                class="kern-form-input__input"
                id={`filter-${name}`}
                name={name}
                type={type}
                value={filter[name as keyof InboxFilter] ?? ''}
                aria-describedby={errors[name!] ? `filter-${name}-error` : undefined}
              />
            </div>
          ))}
          <FilterSelect view={view} name="procedure" label={t('cases.inbox.procedure')} selected={filter.procedure} options={Object.entries(procedureTitles)} />
          <FilterSelect view={view} name="state" label={t('cases.inbox.state')} selected={filter.state} options={states} />
          <FilterSelect view={view} name="assignee" label={t('cases.col.assignee')} selected={filter.assignee} options={assignees.map((a) => [a.accountId, a.name])} />
          {teams.length > 0 && <FilterSelect view={view} name="team" label={t('cases.page.team')} selected={filter.team} options={teams.map((team) => [team.id, team.name])} />}
          <button class="kern-btn kern-btn--secondary" type="submit">
            <span class="kern-label">{t('cases.inbox.apply')}</span>
          </button>
        </form>
      </details>

      {page.rows.length === 0 ? (
        <p class="kern-body">{t('cases.inbox.empty')}</p>
      ) : (
        <div class="kern-table-responsive">
          <table class="kern-table kern-table--striped">
            <caption class="kern-title">
              {t(tab === 'closed' ? 'cases.inbox.captionClosed' : 'cases.inbox.caption', { tab: t(`cases.tab.${tab}`), count: page.counts[tab] })}
            </caption>
            <thead class="kern-table__header">
              <tr class="kern-table__row">
                {['reference', 'applicant', 'gemeinde', 'state', 'assignee', 'due'].map((col) => (
                  <th class="kern-table__header" scope="col">
                    {t(`cases.col.${col}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {page.rows.map((row) => (
                <tr class="kern-table__row">
                  <th class="kern-table__cell" scope="row">
                    <a class="kern-link" href={`/bearbeitung/vorgaenge/${row.id}`}>
                      {row.reference}
                    </a>
                    {row.kind === 'involvement' && (
                      <>
                        {' '}
                        <span class="kern-badge kern-badge--small">{t('cases.involvement')}</span>
                      </>
                    )}
                  </th>
                  <td class="kern-table__cell">{row.applicantName}</td>
                  <td class="kern-table__cell">{row.gemeinde ?? ''}</td>
                  <td class="kern-table__cell">{stateLabel(workflows, row.procedureKey, row.state, view)}</td>
                  <td class="kern-table__cell">{row.assigneeName ?? t('cases.unassigned')}</td>
                  <td class="kern-table__cell">
                    {row.dueDate ? <time dateTime={row.dueDate}>{germanDate(row.dueDate)}</time> : '–'}
                    {row.overdue && (
                      <>
                        {' '}
                        <span class="kern-badge kern-badge--danger kern-badge--small">{t('cases.overdue')}</span>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="kern-body">
        {page.next && (
          <a class="kern-link" href={query({ cursor: page.next })}>
            {t('cases.inbox.next')}
          </a>
        )}
        {filter && query({}).includes('cursor=') && (
          <>
            {' '}
            <a class="kern-link" href={query({ cursor: undefined })}>
              {t('cases.inbox.first')}
            </a>
          </>
        )}
      </p>
    </Layout>
  );
}
