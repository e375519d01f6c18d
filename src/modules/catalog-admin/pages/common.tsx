import type { ComponentChildren } from 'preact';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';

export function AdminPage({ view, title, heading = title, children, scripts }: { view: View; title: string; heading?: string; children: ComponentChildren; scripts?: string[] }) {
  return (
    <Layout view={view} title={title} scripts={scripts}>
      <nav aria-label={view.t('catalogAdmin.breadcrumb')} class="kern-body">
        <a class="kern-link" href="/verwaltung/leistungen">
          {view.t('catalogAdmin.list.title')}
        </a>
      </nav>
      <h1 class="kern-heading-large">{heading}</h1>
      {children}
    </Layout>
  );
}
