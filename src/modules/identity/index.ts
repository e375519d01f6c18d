import type { AmtswegModule } from '../../core/module.js';
import { passwordResetJobType, sendPasswordReset } from './accounts.js';
import { staffCommand } from './commands.js';
import { identityHooks } from './hooks.js';
import { identityMessages } from './messages.js';
import { identityMigrations } from './migrations.js';
import { parseOidcProviders } from './oidc.js';
import { accountRoutes } from './routes/account.js';
import { adminRoutes } from './routes/admin.js';
import { organisationRoutes } from './routes/organisations.js';
import { platformRoutes } from './routes/platform.js';
import { identityApiRoutes } from './routes/api.js';
import { devMailRoutes } from './routes/dev.js';
import { externalLoginRoutes } from './routes/external.js';
import { signInRoutes } from './routes/sign-in.js';
import { seedIdentity } from './seed.js';
import './tables.js';

/**
 * Identity and access: accounts (person, organisation, staff), sign-in at BundID trust levels
 * (password, OIDC, demo IdP), TOTP, sessions, roles per authority and the one `can()`.
 * Other modules use only what this file exports.
 */
export const identityModule: AmtswegModule = {
  name: 'identity',
  dependsOn: ['catalog'],
  migrations: identityMigrations,
  messages: identityMessages,
  hooks: identityHooks,
  jobs: { [passwordResetJobType]: sendPasswordReset },
  async routes(app, ctx) {
    const providers = parseOidcProviders(ctx.config.oidcProviders);
    await signInRoutes(app, ctx, providers);
    await externalLoginRoutes(app, ctx, providers);
    await accountRoutes(app, ctx);
    await organisationRoutes(app, ctx);
    await adminRoutes(app, ctx);
    await platformRoutes(app, ctx);
    await identityApiRoutes(app);
    await devMailRoutes(app, ctx);
  },
  seed: seedIdentity,
  commands: { staff: staffCommand },
};

// Actors and the policy live in the access module; re-exported so identity's users have one face.
export * from '../access/index.js';
export { requireTrustLevel, requireSignedIn } from './http.js';
export type { Profile } from './profile.js';
export { getProfile } from './profile-service.js';
export { findAccountByEmail } from './store.js';
export { staffMailAddress } from './staff.js';
export { limitPerClient } from './rate-limits.js';
export { teamsOfStaff, teamsOfAuthority, caseStaffOfAuthority, type CaseStaffMember } from './teams.js';
