import { hasMessage } from '../../../core/i18n/index.js';
import { ChoiceGroup, CsrfField, ErrorSummary, SubmitButton, TextField } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { FileView } from '../files/service.js';

/** What was posted, and the problems per field id, to show the form again. */
export interface ExportFormState {
  values: { format: string; documentIds: string[]; recipient: string; purpose: string };
  errors: Record<string, string>;
}

export const emptyExportForm: ExportFormState = { values: { format: 'pdf', documentIds: [], recipient: '', purpose: '' }, errors: {} };

/** The Akteneinsicht form: format, documents (all when none is chosen), for whom and why. */
export function ExportPage({ view, data, state }: { view: View; data: FileView; state: ExportFormState }) {
  const { t } = view;
  const { file } = data;
  const title = t('records.export.title', { aktenzeichen: file.aktenzeichen });
  const problems = Object.entries(state.errors).map(([fieldId, message]) => ({ fieldId, message }));
  const documents = data.processes.flatMap((process) =>
    process.documents.map((document) => ({
      value: document.id,
      label: `${process.aktenzeichen} Nr. ${document.number}: ${document.title}`,
      hint: hasMessage(`records.kind.${document.kind}`) ? t(`records.kind.${document.kind}`) : document.kind,
    })),
  );
  return (
    <Layout view={view} title={title}>
      <ErrorSummary view={view} problems={problems} />
      <h1 class="kern-title kern-title--large">{title}</h1>
      <p class="kern-body">{t('records.export.intro')}</p>
      <form method="post" action={`/bearbeitung/akten/${file.id}/akteneinsicht`} class="aw-stack" novalidate>
        <CsrfField view={view} />
        <ChoiceGroup
          view={view}
          id="export-format"
          name="format"
          legend={t('records.export.format')}
          error={state.errors['export-format']}
          selected={[state.values.format]}
          choices={[
            { value: 'pdf', label: t('records.export.format.pdf'), hint: t('records.export.format.pdfHint') },
            { value: 'zip', label: t('records.export.format.zip'), hint: t('records.export.format.zipHint') },
          ]}
        />
        {documents.length > 0 && (
          <ChoiceGroup
            view={view}
            id="export-documentIds"
            name="documentIds"
            legend={t('records.export.documents')}
            hint={t('records.export.documentsHint')}
            error={state.errors['export-documentIds']}
            selected={state.values.documentIds}
            choices={documents}
            multiple
            optional
          />
        )}
        <TextField
          view={view}
          id="export-recipient"
          name="recipient"
          label={t('records.export.recipient')}
          hint={t('records.export.recipientHint')}
          value={state.values.recipient}
          error={state.errors['export-recipient']}
          maxLength={500}
        />
        <TextField
          view={view}
          id="export-purpose"
          name="purpose"
          label={t('records.export.purpose')}
          hint={t('records.export.purposeHint')}
          value={state.values.purpose}
          error={state.errors['export-purpose']}
          maxLength={1000}
        />
        <SubmitButton>{t('records.export.submit')}</SubmitButton>
      </form>
      <p class="kern-body">
        <a class="kern-link" href={`/bearbeitung/akten/${file.id}`}>
          {t('records.export.back')}
        </a>
      </p>
    </Layout>
  );
}
