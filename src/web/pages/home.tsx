import { Layout } from '../layout.js';
import type { View } from '../view.js';

export function HomePage({ view }: { view: View }) {
  const { t } = view;
  return (
    <Layout view={view} title={t('home.title')}>
      <h1 class="kern-heading-x-large">{t('home.title')}</h1>
      <p class="kern-body kern-body--large">{t('home.lead')}</p>
    </Layout>
  );
}
