import { Alert } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';

/** After "Speichern und später fortsetzen" without an account: the secret link back to the draft. */
export function SavedDraftPage({ view, link, mailed }: { view: View; link: string; mailed: boolean }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('applications.saved.title')}>
      <h1 class="kern-title kern-title--large">{t('applications.saved.title')}</h1>
      <p class="kern-body">{t(mailed ? 'applications.saved.mailed' : 'applications.saved.notMailed')}</p>
      <p class="kern-body">
        <a class="kern-link aw-resume-link" href={link}>
          {link}
        </a>
      </p>
      <Alert kind="warning">
        <p class="kern-body">{t('applications.saved.secret')}</p>
      </Alert>
    </Layout>
  );
}
