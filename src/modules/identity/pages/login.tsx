import { QrCode } from '../../../web/components/qr-code.js';
import { Alert, PostForm, SubmitButton, TextField } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import type { FormErrors } from '../http.js';
import type { TrustLevel } from '../../access/index.js';
import { IdentityPage } from './common.js';

export interface ProviderLink {
  id: string;
  label: string;
  href: string;
}

export function LoginPage(props: {
  view: View;
  email: string;
  errors: FormErrors;
  notice?: { kind: 'danger' | 'success' | 'info'; text: string };
  returnTo: string;
  providers: ProviderLink[];
}) {
  const { view, email, errors, notice, returnTo, providers } = props;
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('identity.login.title')} errors={errors}>
      {notice && (
        <Alert kind={notice.kind}>
          <p class="kern-body">{notice.text}</p>
        </Alert>
      )}
      <PostForm view={view} action={`/anmelden?zurueck=${encodeURIComponent(returnTo)}`}>
        <TextField view={view} id="email" label={t('identity.field.email')} type="email" autocomplete="username" value={email} error={errors.byField.email} maxLength={254} />
        <TextField view={view} id="password" label={t('identity.field.password')} type="password" autocomplete="current-password" error={errors.byField.password} />
        <SubmitButton>{t('identity.login.submit')}</SubmitButton>
      </PostForm>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href="/passwort-vergessen">
            {t('identity.login.forgot')}
          </a>
        </li>
        <li>
          <a class="kern-link" href="/registrieren">
            {t('identity.login.register')}
          </a>
        </li>
      </ul>
      {providers.length > 0 && (
        <section aria-labelledby="other-ways">
          <h2 class="kern-heading-medium" id="other-ways">
            {t('identity.login.otherWays')}
          </h2>
          <ul class="kern-list">
            {providers.map((p) => (
              <li key={p.id}>
                <a class="kern-link" href={p.href}>
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </IdentityPage>
  );
}

export function StepUpPage({ view, level, current, providers }: { view: View; level: TrustLevel; current: TrustLevel | null; providers: ProviderLink[] }) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('identity.stepUp.title')}>
      <p class="kern-body">{t('identity.stepUp.text', { level: t(`identity.trust.${level}`) })}</p>
      {current && <p class="kern-body">{t('identity.stepUp.current', { level: t(`identity.trust.${current}`) })}</p>}
      {providers.length > 0 ? (
        <ul class="kern-list">
          {providers.map((p) => (
            <li key={p.id}>
              <a class="kern-link" href={p.href}>
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <Alert kind="warning">
          <p class="kern-body">{t('identity.stepUp.none')}</p>
        </Alert>
      )}
    </IdentityPage>
  );
}

export function SecondFactorPage({ view, errors }: { view: View; errors: FormErrors }) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('identity.secondFactor.title')} errors={errors}>
      <p class="kern-body">{t('identity.secondFactor.text')}</p>
      <PostForm view={view} action="/anmelden/zweiter-faktor">
        <TextField
          view={view}
          id="code"
          label={t('identity.secondFactor.code')}
          hint={t('identity.secondFactor.hint')}
          autocomplete="one-time-code"
          error={errors.byField.code}
          maxLength={40}
        />
        <SubmitButton>{t('identity.secondFactor.submit')}</SubmitButton>
      </PostForm>
    </IdentityPage>
  );
}

export function EnrolPage({ view, secret, uri, errors, action }: { view: View; secret: string; uri: string; errors: FormErrors; action: string }) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('identity.enrol.title')} errors={errors}>
      <p class="kern-body">{t('identity.enrol.text')}</p>
      <figure class="amtsweg-qr">
        <QrCode text={uri} label={t('identity.enrol.qr')} />
        <figcaption class="kern-body kern-body--small">{t('identity.enrol.qrHint')}</figcaption>
      </figure>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('identity.enrol.secret')}</dt>
          <dd class="kern-description-list-item__value">
            <code id="totp-secret">{secret}</code>
          </dd>
        </div>
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('identity.enrol.uri')}</dt>
          <dd class="kern-description-list-item__value">
            <code>{uri}</code>
          </dd>
        </div>
      </dl>
      <PostForm view={view} action={action}>
        <TextField
          view={view}
          id="code"
          label={t('identity.enrol.code')}
          hint={t('identity.enrol.codeHint')}
          autocomplete="one-time-code"
          inputMode="numeric"
          error={errors.byField.code}
          maxLength={10}
        />
        <SubmitButton>{t('identity.enrol.submit')}</SubmitButton>
      </PostForm>
    </IdentityPage>
  );
}

export function RecoveryCodesPage({ view, codes, continueTo }: { view: View; codes: string[]; continueTo: string }) {
  const { t } = view;
  return (
    <IdentityPage view={view} title={t('identity.recovery.title')}>
      <Alert kind="success">
        <p class="kern-body">{t('identity.recovery.enrolled')}</p>
      </Alert>
      <p class="kern-body">{t('identity.recovery.text')}</p>
      <ul class="kern-list" id="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p class="kern-body">
        <a class="kern-link" href={continueTo}>
          {t('identity.recovery.continue')}
        </a>
      </p>
    </IdentityPage>
  );
}
