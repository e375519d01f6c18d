import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { InboxMessage } from '../postfach-inbox.js';
import { formatDateTime } from '../../../core/calendar/index.js';

/** The applicant's Postfach: the authorities' messages on all their applications, newest first; each leads to its application's Postfach. */
export function PostfachPage({ view, messages }: { view: View; messages: InboxMessage[] }) {
  const { t, lang } = view;
  return (
    <Layout view={view} title={t('applications.inbox.title')}>
      <h1 class="kern-title kern-title--large">{t('applications.inbox.title')}</h1>
      {messages.length === 0 ? (
        <p class="kern-body">{t('applications.inbox.empty')}</p>
      ) : (
        <ul class="kern-list aw-application-list">
          {messages.map((message) => (
            <li key={message.id}>
              <a class="kern-link" href={`/antraege/${message.applicationId}#postfach`}>
                {message.subject || t('applications.inbox.noSubject')}
              </a>{' '}
              {message.unread && <span class="kern-badge kern-badge--info kern-badge--small">{t('applications.inbox.unread')}</span>}
              <br />
              <span class="kern-hint">
                {t('applications.inbox.meta', { name: message.authorName, reference: message.reference ?? '', time: formatDateTime(message.createdAt, lang) })}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
