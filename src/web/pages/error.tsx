import { Layout } from '../layout.js';
import type { View } from '../view.js';

export function NotFoundPage({ view }: { view: View }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('error.notFound.title')}>
      <h1 class="kern-heading-large">{t('error.notFound.title')}</h1>
      <p class="kern-body">{t('error.notFound.text')}</p>
      <p>
        <a class="kern-link" href="/">
          {t('error.backHome')}
        </a>
      </p>
    </Layout>
  );
}

/** A domain error shown as a page, nothing internal: its message as the heading, and a field's message below only when it says more (never the same sentence twice). */
export function ErrorPage({ view, title, message }: { view: View; title: string; message?: string }) {
  return (
    <Layout view={view} title={title}>
      <h1 class="kern-heading-large">{title}</h1>
      {message && message !== title && (
        <div class="kern-alert kern-alert--danger" role="alert">
          <div class="kern-alert__body">
            <p class="kern-body">{message}</p>
          </div>
        </div>
      )}
      <p>
        <a class="kern-link" href="/">
          {view.t('error.backHome')}
        </a>
      </p>
    </Layout>
  );
}

export function ServerErrorPage({ view, requestId }: { view: View; requestId: string }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('error.server.title')}>
      <h1 class="kern-heading-large">{t('error.server.title')}</h1>
      <p class="kern-body">{t('error.server.text')}</p>
      <p class="kern-body kern-body--small">{t('error.reference', { id: requestId })}</p>
      <p>
        <a class="kern-link" href="/">
          {t('error.backHome')}
        </a>
      </p>
    </Layout>
  );
}
