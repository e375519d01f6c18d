import { Alert, ChoiceGroup, PostForm, SubmitButton } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import type { FormErrors } from '../http.js';
import { trustLevels, type TrustLevel } from '../../access/index.js';
import { IdentityPage } from './common.js';
import type { DemoCitizens } from '../demo.js';

/** The demo identity provider: not a real identification, and it says so loudly. */
/** `personas`: the tenant's demo citizens as its data file words them (`data/tenants/<slug>/demo-citizens.json`). */
export function DemoIdpPage({
  view,
  personas,
  level,
  returnTo,
  errors,
}: {
  view: View;
  personas: DemoCitizens['labels'];
  level: TrustLevel;
  returnTo: string;
  errors: FormErrors;
}) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('identity.demo.title')} errors={errors}>
      <Alert kind="warning" title={t('identity.demo.warningTitle')}>
        <p class="kern-body">{t('identity.demo.warning')}</p>
      </Alert>
      <PostForm view={view} action={`/demo-idp?zurueck=${encodeURIComponent(returnTo)}`}>
        <ChoiceGroup
          view={view}
          id="persona"
          legend={t('identity.demo.persona')}
          error={errors.byField.persona}
          choices={[
            { value: 'person', label: personas.person[view.lang] },
            { value: 'organisation', label: personas.organisation[view.lang] },
          ]}
          selected={['person']}
        />
        <ChoiceGroup
          view={view}
          id="level"
          legend={t('identity.demo.level')}
          error={errors.byField.level}
          choices={trustLevels.map((l) => ({ value: l, label: t(`identity.trust.${l}`), hint: t(`identity.trust.${l}.hint`) }))}
          selected={[level]}
        />
        <SubmitButton>{t('identity.demo.submit')}</SubmitButton>
      </PostForm>
    </IdentityPage>
  );
}
