import { ChoiceGroup, ErrorSummary, SubmitButton } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { Region } from '../model.js';
import { PlaceForm, placeScript } from './shared.js';

export interface PlacePageProps {
  view: View;
  returnTo: string;
  input: string;
  /** Set when the input named no place. */
  error?: string;
  options?: Region[];
  /** When the postcode only told us the Kreis. */
  kreis?: Region | null;
}

/** Asks which Gemeinde is meant (radio buttons, GET), or repeats the place form with an error. */
export function PlacePage({ view, returnTo, input, error, options = [], kreis }: PlacePageProps) {
  const { t } = view;
  const choices = options.map((r) => ({ value: r.ags, label: r.name, hint: r.designation }));
  if (kreis) choices.push({ value: kreis.ags, label: t('catalog.place.onlyKreis', { kreis: kreis.name }), hint: kreis.designation });
  return (
    <Layout view={view} title={error ? `${t('form.errorPrefix')} ${t('catalog.place.title')}` : t('catalog.place.title')} scripts={[placeScript]}>
      <ErrorSummary view={view} problems={error ? [{ fieldId: 'ort', message: error }] : []} />
      <h1 class="kern-heading-large">{t('catalog.place.title')}</h1>
      {error || choices.length === 0 ? (
        <PlaceForm view={view} returnTo={returnTo} value={input} error={error ? { fieldId: 'ort', message: error } : undefined} />
      ) : (
        <form method="get" action="/ort" class="kern-stack" noValidate>
          <input type="hidden" name="weiter" value={returnTo} />
          <ChoiceGroup
            view={view}
            id="ort"
            legend={kreis ? t('catalog.place.chooseKreis', { postcode: input, kreis: kreis.name }) : t('catalog.place.choose')}
            choices={choices}
            selected={[]}
          />
          <SubmitButton>{t('catalog.place.continue')}</SubmitButton>
        </form>
      )}
    </Layout>
  );
}
