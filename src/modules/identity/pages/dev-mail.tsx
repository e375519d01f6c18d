import type { StoredMail } from '../../../core/mail/index.js';
import { Alert } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import { IdentityPage } from './common.js';

/** Outside production only: the mails the file transport wrote, so links in them can be followed. */
export function DevMailListPage({ view, mails }: { view: View; mails: StoredMail[] }) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('identity.devMail.title')}>
      <Alert kind="info">
        <p class="kern-body">{t('identity.devMail.note')}</p>
      </Alert>
      {mails.length === 0 ? (
        <p class="kern-body">{t('identity.devMail.empty')}</p>
      ) : (
        <ul class="kern-list">
          {mails.map((mail) => (
            <li key={mail.name}>
              <a class="kern-link" href={`/dev/mail/${encodeURIComponent(mail.name)}`}>
                {mail.subject}
              </a>{' '}
              – {mail.to} – {mail.date ?? ''}
            </li>
          ))}
        </ul>
      )}
    </IdentityPage>
  );
}

/** URLs in the text become links; everything else stays text (Preact escapes it). */
function linkify(text: string) {
  return text.split(/(https?:\/\/[^\s<>"]+)/g).map((part, index) =>
    index % 2 === 1 ? (
      <a class="kern-link" href={part} key={index}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

export function DevMailPage({ view, mail }: { view: View; mail: StoredMail }) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={mail.subject}>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('identity.devMail.from')}</dt>
          <dd class="kern-description-list-item__value">{mail.from}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('identity.devMail.to')}</dt>
          <dd class="kern-description-list-item__value">{mail.to}</dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('identity.devMail.date')}</dt>
          <dd class="kern-description-list-item__value">{mail.date ?? ''}</dd>
        </div>
      </dl>
      <pre class="kern-body">{linkify(mail.text ?? '')}</pre>
      <p class="kern-body">
        <a class="kern-link" href="/dev/mail">
          {t('identity.devMail.back')}
        </a>
      </p>
    </IdentityPage>
  );
}
