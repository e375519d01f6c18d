import type { ComponentChildren } from 'preact';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';

export function AdminPage({ view, title, heading = title, children, scripts }: { view: View; title: string; heading?: string; children: ComponentChildren; scripts?: string[] }) {
  return (
    <Layout view={view} title={title} scripts={scripts}>
      <nav aria-label={view.t('catalogAdmin.breadcrumb')} class="kern-body">
        <a class="kern-link" href="/verwaltung/leistungen">{view.t('catalogAdmin.list.title')}</a>
      </nav>
      <h1 class="kern-heading-large">{heading}</h1>
      {children}
    </Layout>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A labelled native select, with the error next to it (as KERN's form-input). */
export function Select({ view, id, label, options, selected, error }: { view: View; id: string; label: string; options: Option[]; selected?: string; error?: string }) {
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>{label}</label>
      {error && <p class="kern-error" id={`${id}-error`}><span class="kern-sr-only">{view.t('form.errorPrefix')} </span>{error}</p>}
      <div class="kern-form-input__select-wrapper">
        <select class={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`} id={id} name={id} aria-describedby={error ? `${id}-error` : undefined} aria-invalid={error ? 'true' : undefined}>
          {options.map((o) => (
            <option key={o.value} value={o.value} selected={o.value === selected}>{o.label}</option>
          ))}
        </select>
      </div>
    </div>
  );
}
