import type { ComponentChildren } from 'preact';
import { formatDateTime } from '../../core/i18n/index.js';
import { Alert, PostForm, SubmitButton } from '../../web/components/form.js';
import { Cell, Table } from '../../web/components/table.js';
import { Layout } from '../../web/layout.js';
import type { View } from '../../web/view.js';
import type { DiffEntry } from './diff.js';
import type { StudioProcedure, StudioVersion } from './studio.js';
import type { VersionSummary } from './versions.js';

/** The studio's pages (docs/studio.md): the list of procedures with their versions, and one version with its differences. */

export const studioPath = '/verwaltung/verfahren';
export const versionPath = (key: string, version: number) => `${studioPath}/${encodeURIComponent(key)}/${version}`;
export const workingCopyPath = (key: string) => `${studioPath}/${encodeURIComponent(key)}/arbeitsstand`;

export type StudioNotice = 'submitted' | 'approved' | 'returned' | 'retired' | 'saved' | 'unchanged';

export function StudioLayout({ view, title, children, withBreadcrumb = true }: { view: View; title: string; children: ComponentChildren; withBreadcrumb?: boolean }) {
  return (
    <Layout view={view} title={title}>
      {withBreadcrumb && (
        <nav aria-label={view.t('procedures.studio.breadcrumb')} class="kern-body">
          <a class="kern-link" href={studioPath}>
            {view.t('procedures.studio.title')}
          </a>
        </nav>
      )}
      <h1 class="kern-heading-large">{title}</h1>
      {children}
    </Layout>
  );
}

function StateBadge({ view, state }: { view: View; state: VersionSummary['state'] }) {
  const kind = state === 'published' ? 'success' : state === 'retired' ? 'danger' : state === 'inReview' ? 'warning' : 'info';
  return <span class={`kern-badge kern-badge--${kind} kern-badge--small`}>{view.t(`procedures.studio.state.${state}`)}</span>;
}

export function StudioListPage({ view, procedures, notice }: { view: View; procedures: StudioProcedure[]; notice?: StudioNotice | undefined }) {
  const { t, lang } = view;
  return (
    <StudioLayout view={view} title={t('procedures.studio.title')} withBreadcrumb={false}>
      {notice && <Alert kind="success">{t(`procedures.studio.notice.${notice}`)}</Alert>}
      <p class="kern-body">{t('procedures.studio.intro')}</p>
      {procedures.length === 0 && <p class="kern-body">{t('procedures.studio.none')}</p>}
      {procedures.map((procedure) => (
        <section key={procedure.key} aria-labelledby={`verfahren-${procedure.key}`}>
          <h2 class="kern-heading-medium" id={`verfahren-${procedure.key}`}>
            {procedure.title[lang]}
          </h2>
          <p class="kern-body">{procedure.current === undefined ? t('procedures.studio.noCurrent') : t('procedures.studio.current', { version: procedure.current })}</p>
          <Table
            caption={t('procedures.studio.versions', { title: procedure.title[lang] })}
            columns={[t('procedures.studio.col.version'), t('procedures.studio.col.state'), t('procedures.studio.col.date'), t('procedures.studio.col.open')]}
          >
            {[...procedure.versions].reverse().map((version) => (
              <tr class="kern-table__row" key={version.version}>
                <Cell>{version.version}</Cell>
                <Cell>
                  <StateBadge view={view} state={version.state} />
                </Cell>
                <Cell>{formatDateTime(lang, version.storedAt)}</Cell>
                <Cell>
                  <a class="kern-link" href={versionPath(procedure.key, version.version)}>
                    {t('procedures.studio.open', { version: version.version })}
                  </a>
                </Cell>
              </tr>
            ))}
          </Table>
        </section>
      ))}
    </StudioLayout>
  );
}

export function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div class="kern-description-list-item">
      <dt class="kern-description-list-item__key">{term}</dt>
      <dd class="kern-description-list-item__value">{children}</dd>
    </div>
  );
}

function DiffDetails({ view, entry }: { view: View; entry: DiffEntry }) {
  const { t } = view;
  if (entry.changes.length === 0) return null;
  return (
    <ul class="kern-list">
      {entry.changes.map((change) => (
        <li key={change.property}>
          <code>{change.property}</code>: {t('procedures.studio.diff.before')} <code>{change.before ?? t('procedures.studio.diff.unset')}</code>,{' '}
          {t('procedures.studio.diff.after')} <code>{change.after ?? t('procedures.studio.diff.unset')}</code>
        </li>
      ))}
    </ul>
  );
}

export function DiffTable({ view, entries, comparedWith }: { view: View; entries: DiffEntry[]; comparedWith: number }) {
  const { t, lang } = view;
  return (
    <Table
      caption={t('procedures.studio.diff.title', { version: comparedWith })}
      columns={[t('procedures.studio.diff.area'), t('procedures.studio.diff.change'), t('procedures.studio.diff.subject'), t('procedures.studio.diff.details')]}
    >
      {entries.map((entry, index) => (
        <tr class="kern-table__row" key={index}>
          <Cell>{t(`procedures.studio.area.${entry.area}`)}</Cell>
          <Cell>{t(`procedures.studio.change.${entry.change}`)}</Cell>
          <Cell>
            <code>{entry.subject}</code>
            {entry.label && <> ({entry.label[lang]})</>}
          </Cell>
          <Cell>
            <DiffDetails view={view} entry={entry} />
          </Cell>
        </tr>
      ))}
    </Table>
  );
}

export interface VersionPageProps {
  view: View;
  studio: StudioVersion;
  /** What the viewer may do (the service checks again). */
  may: { edit: boolean; approve: boolean };
  /** The viewer's account id, to say "wait for a second person" instead of offering approval of one's own submission. */
  viewerId: string | null;
  notice?: StudioNotice | undefined;
  /** An i18n key (with params) of a refused action. */
  error?: { code: string; params?: Record<string, string | number> | undefined } | undefined;
}

export function VersionPage({ view, studio, may, viewerId, notice, error }: VersionPageProps) {
  const { t, lang } = view;
  const { summary, procedure, comparedWith, differences } = studio;
  const key = summary.key;
  const by = (date: string | null, name: string | null) =>
    date ? t('procedures.studio.by', { date: formatDateTime(lang, date), name: name ?? t('procedures.studio.someone') }) : '';
  const ownSubmission = summary.submittedBy !== null && summary.submittedBy === viewerId;
  const path = versionPath(key, summary.version);
  const isCurrent = procedure.current === summary.version;
  return (
    <StudioLayout view={view} title={t('procedures.studio.version.title', { title: summary.title[lang], version: summary.version })}>
      {notice && <Alert kind="success">{t(`procedures.studio.notice.${notice}`)}</Alert>}
      {error && <Alert kind="danger">{t(error.code, error.params)}</Alert>}
      <h2 class="kern-heading-medium">{t('procedures.studio.facts')}</h2>
      <dl class="kern-description-list">
        <Fact term={t('procedures.studio.fact.key')}>
          <code>{key}</code>
        </Fact>
        <Fact term={t('procedures.studio.fact.state')}>
          <StateBadge view={view} state={summary.state} />
        </Fact>
        <Fact term={t(summary.state === 'published' || summary.state === 'retired' ? 'procedures.studio.fact.published' : 'procedures.studio.fact.stored')}>
          {formatDateTime(lang, summary.storedAt)}
        </Fact>
        {summary.submittedAt && <Fact term={t('procedures.studio.fact.submitted')}>{by(summary.submittedAt, summary.submittedByName)}</Fact>}
        {summary.approvedBy && <Fact term={t('procedures.studio.fact.approved')}>{summary.approvedByName ?? t('procedures.studio.someone')}</Fact>}
        {summary.retiredAt && <Fact term={t('procedures.studio.fact.retired')}>{formatDateTime(lang, summary.retiredAt)}</Fact>}
        <Fact term={t('procedures.studio.fact.hash')}>
          <code>{summary.contentHash.slice(0, 12)}</code>
        </Fact>
        <Fact term={t('procedures.studio.fact.export')}>
          <code>
            amtsweg procedures export {key} {key} --version {summary.version}
          </code>
        </Fact>
      </dl>
      <p class="kern-body">
        <a class="kern-link" href={`${path}/vorschau`}>
          {t('procedures.studio.preview', { version: summary.version })}
        </a>
      </p>

      {(may.edit || may.approve) && !studio.maintainedHere && (
        <p class="kern-body">{studio.provider === null ? t('procedures.studio.operatorMaintains') : t('procedures.studio.otherProvider', { provider: studio.provider })}</p>
      )}
      {(may.edit || may.approve) && studio.maintainedHere && (summary.state !== 'published' || isCurrent) && summary.state !== 'retired' && (
        <section aria-labelledby="naechster-schritt">
          <h2 class="kern-heading-medium" id="naechster-schritt">
            {t('procedures.studio.actions')}
          </h2>
          {summary.state === 'draft' && may.edit && (
            <PostForm view={view} action={`${path}/pruefen`}>
              <p class="kern-body">{t('procedures.studio.submit.hint')}</p>
              <SubmitButton>{t('procedures.studio.submit')}</SubmitButton>
            </PostForm>
          )}
          {summary.state === 'inReview' && (
            <>
              {may.approve && !ownSubmission && (
                <PostForm view={view} action={`${path}/freigeben`}>
                  <p class="kern-body">{t('procedures.studio.approve.hint')}</p>
                  <SubmitButton>{t('procedures.studio.approve')}</SubmitButton>
                </PostForm>
              )}
              {ownSubmission && <p class="kern-body">{t('procedures.studio.waitForSecond')}</p>}
              {may.edit && (
                <PostForm view={view} action={`${path}/zurueck`}>
                  <SubmitButton variant="secondary">{t('procedures.studio.return')}</SubmitButton>
                </PostForm>
              )}
            </>
          )}
          {summary.state === 'published' && isCurrent && may.approve && (
            <PostForm view={view} action={`${studioPath}/${encodeURIComponent(key)}/einstellen`}>
              <p class="kern-body">{t('procedures.studio.retire.hint')}</p>
              <SubmitButton variant="secondary">{t('procedures.studio.retire')}</SubmitButton>
            </PostForm>
          )}
        </section>
      )}

      {may.edit && studio.maintainedHere && (
        <section aria-labelledby="bearbeiten">
          <h2 class="kern-heading-medium" id="bearbeiten">
            {t('procedures.studio.edit')}
          </h2>
          {studio.workingRevision !== undefined && (
            <p class="kern-body">
              <a class="kern-link" href={workingCopyPath(key)}>
                {t('procedures.studio.workingCopy.open', { revision: studio.workingRevision })}
              </a>
            </p>
          )}
          <PostForm view={view} action={`${path}/bearbeiten`}>
            {studio.workingRevision !== undefined && <input type="hidden" name="revision" value={String(studio.workingRevision)} />}
            <p class="kern-body">
              {t('procedures.studio.edit.hint')}
              {studio.workingRevision !== undefined && <> {t('procedures.studio.edit.replaces', { revision: studio.workingRevision })}</>}
            </p>
            <SubmitButton variant="secondary">{t('procedures.studio.edit.start', { version: summary.version })}</SubmitButton>
          </PostForm>
        </section>
      )}

      <section aria-labelledby="aenderungen">
        <h2 class="kern-heading-medium" id="aenderungen">
          {comparedWith === undefined ? t('procedures.studio.diff.title', { version: '–' }) : t('procedures.studio.diff.title', { version: comparedWith })}
        </h2>
        {comparedWith === undefined ? (
          <p class="kern-body">{t('procedures.studio.diff.first')}</p>
        ) : differences.length === 0 ? (
          <p class="kern-body">{t('procedures.studio.diff.none')}</p>
        ) : (
          <>
            <p class="kern-body">{t('procedures.studio.diff.count', { count: differences.length })}</p>
            <DiffTable view={view} entries={differences} comparedWith={comparedWith} />
          </>
        )}
      </section>
    </StudioLayout>
  );
}
