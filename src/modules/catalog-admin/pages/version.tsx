import { formatDateTime, type Language } from '../../../core/i18n/index.js';
import type { View } from '../../../web/view.js';
import { diffTokens, diffWords, textOf, type DiffPart, type EditableField, type Service, type ServiceText, type ServiceTextVersion } from '../../catalog/index.js';
import { fieldKinds, formValue } from '../form.js';
import { AdminPage } from './common.js';
import { editPath } from './edit.js';

/** Removed and added parts are marked for screen readers too: `del`/`ins` alone are not announced. */
function Part({ view, part }: { view: View; part: DiffPart }) {
  if (part.kind === 'same') return <span>{part.text}</span>;
  const Tag = part.kind === 'removed' ? 'del' : 'ins';
  return (
    <Tag class={`aw-diff-${part.kind}`}>
      <span class="kern-sr-only">[{view.t(`catalogAdmin.diff.${part.kind}`)}: </span>
      {part.text}
      <span class="kern-sr-only">]</span>
    </Tag>
  );
}

function FieldDiff({ view, field, before, after }: { view: View; field: EditableField; before: ServiceText | null; after: ServiceText }) {
  const kind = fieldKinds[field];
  if (kind === 'list' || kind === 'links') {
    const items = (text: ServiceText | null) => (text ? formValue(text, field).split('\n').filter(Boolean) : []);
    return (
      <ul class="kern-list">
        {diffTokens(items(before), items(after)).map((part, index) => (
          <li key={index}>
            <Part view={view} part={part} />
          </li>
        ))}
      </ul>
    );
  }
  return (
    <p class="kern-body aw-diff">
      {diffWords(before ? formValue(before, field) : '', formValue(after, field)).map((part, index) => (
        <Part key={index} view={view} part={part} />
      ))}
    </p>
  );
}

/** One version against the one before it: every changed field with removed and added words. */
export function VersionPage({ view, service, lang, entry }: { view: View; service: Service; lang: Language; entry: ServiceTextVersion }) {
  const { t } = view;
  const heading = t('catalogAdmin.version.title', { name: textOf(service, lang).name, version: entry.version });
  return (
    <AdminPage view={view} title={heading}>
      <p class="kern-body">
        {t('catalogAdmin.version.meta', { who: entry.actorName ?? entry.actorId, when: formatDateTime(view.lang, entry.changedAt), language: t(`catalogAdmin.lang.${lang}`) })}
      </p>
      {entry.previousContent === null && <p class="kern-body">{t('catalogAdmin.version.noPrevious')}</p>}
      {(entry.changedFields as EditableField[]).map((field) => (
        <section key={field} aria-labelledby={`diff-${field}`} class="kern-stack">
          <h2 class="kern-heading-small" id={`diff-${field}`}>
            {t(`catalogAdmin.field.${field}`)}
          </h2>
          <FieldDiff view={view} field={field} before={entry.previousContent} after={entry.content} />
        </section>
      ))}
      <p class="kern-body">
        <a class="kern-link" href={editPath(service, lang)}>
          {t('catalogAdmin.version.back')}
        </a>
      </p>
    </AdminPage>
  );
}
