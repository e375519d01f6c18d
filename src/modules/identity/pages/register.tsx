import { ChoiceGroup, PostForm, SubmitButton, TextField } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import type { FormErrors } from '../http.js';
import { passwordMinLength } from '../passwords.js';
import { IdentityPage } from './common.js';

export function RegisterPage({ view, values, errors }: { view: View; values: Record<string, unknown>; errors: FormErrors }) {
  const { t } = view;
  const value = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  return (
    <IdentityPage view={view} title={t('identity.register.title')} errors={errors}>
      <p class="kern-body">{t('identity.register.intro')}</p>
      <PostForm view={view} action="/registrieren">
        <ChoiceGroup
          view={view}
          id="kind"
          legend={t('identity.register.kind')}
          error={errors.byField.kind}
          choices={[
            { value: 'person', label: t('identity.register.kindPerson') },
            { value: 'organisation', label: t('identity.register.kindOrganisation'), hint: t('identity.register.kindOrganisationHint') },
          ]}
          selected={[value('kind') || 'person']}
        />
        <TextField
          view={view}
          id="givenName"
          label={t('identity.field.givenName')}
          autocomplete="given-name"
          value={value('givenName')}
          error={errors.byField.givenName}
          maxLength={100}
        />
        <TextField
          view={view}
          id="familyName"
          label={t('identity.field.familyName')}
          autocomplete="family-name"
          value={value('familyName')}
          error={errors.byField.familyName}
          maxLength={100}
        />
        <TextField
          view={view}
          id="organisationName"
          label={t('identity.field.organisationName')}
          hint={t('identity.register.organisationNameHint')}
          optional
          autocomplete="organization"
          value={value('organisationName')}
          error={errors.byField.organisationName}
          maxLength={200}
        />
        <TextField view={view} id="email" label={t('identity.field.email')} type="email" autocomplete="email" value={value('email')} error={errors.byField.email} maxLength={254} />
        <TextField
          view={view}
          id="password"
          label={t('identity.field.newPassword')}
          hint={t('identity.password.hint', { min: passwordMinLength })}
          type="password"
          autocomplete="new-password"
          error={errors.byField.password}
        />
        <SubmitButton>{t('identity.register.submit')}</SubmitButton>
      </PostForm>
      <p class="kern-body">
        <a class="kern-link" href="/anmelden">
          {t('identity.register.haveAccount')}
        </a>
      </p>
    </IdentityPage>
  );
}

export function ForgotPasswordPage({ view, email, errors }: { view: View; email: string; errors: FormErrors }) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('identity.forgot.title')} errors={errors}>
      <p class="kern-body">{t('identity.forgot.text')}</p>
      <PostForm view={view} action="/passwort-vergessen">
        <TextField view={view} id="email" label={t('identity.field.email')} type="email" autocomplete="email" value={email} error={errors.byField.email} maxLength={254} />
        <SubmitButton>{t('identity.forgot.submit')}</SubmitButton>
      </PostForm>
    </IdentityPage>
  );
}

export function ResetPasswordPage({ view, token, errors }: { view: View; token: string; errors: FormErrors }) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('identity.reset.title')} errors={errors}>
      <PostForm view={view} action={`/passwort-neu?token=${encodeURIComponent(token)}`}>
        <TextField
          view={view}
          id="password"
          label={t('identity.field.newPassword')}
          hint={t('identity.password.hint', { min: passwordMinLength })}
          type="password"
          autocomplete="new-password"
          error={errors.byField.password}
        />
        <SubmitButton>{t('identity.reset.submit')}</SubmitButton>
      </PostForm>
    </IdentityPage>
  );
}

/** Following a mail link shows this page; the button does the change (link scanners only GET). */
export function ConfirmLinkPage({ view, title, text, action, button }: { view: View; title: string; text: string; action: string; button: string }) {
  return (
    <IdentityPage view={view} title={title}>
      <p class="kern-body">{text}</p>
      <PostForm view={view} action={action}>
        <SubmitButton>{button}</SubmitButton>
      </PostForm>
    </IdentityPage>
  );
}
