import type { ComponentChildren } from 'preact';
import { Alert, ErrorSummary } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { FormErrors } from '../http.js';

/** A page of the identity module: title, error summary first, then the content. */
export function IdentityPage({ view, title, errors, children }: { view: View; title: string; errors?: FormErrors; children: ComponentChildren }) {
  return (
    <Layout view={view} title={title}>
      <div class="aw-stack">
        {errors && <ErrorSummary view={view} problems={errors.problems} />}
        <h1 class="kern-heading-large">{title}</h1>
        {children}
      </div>
    </Layout>
  );
}

/** A page with one message, e.g. "check your mail" or "this link no longer works". */
export function MessagePage({
  view,
  title,
  text,
  kind = 'info',
  link,
}: {
  view: View;
  title: string;
  text: string;
  kind?: 'info' | 'success' | 'warning' | 'danger';
  link?: { href: string; label: string };
}) {
  return (
    <IdentityPage view={view} title={title}>
      <Alert kind={kind}>
        <p class="kern-body">{text}</p>
      </Alert>
      {link && (
        <p class="kern-body">
          <a class="kern-link" href={link.href}>
            {link.label}
          </a>
        </p>
      )}
    </IdentityPage>
  );
}
