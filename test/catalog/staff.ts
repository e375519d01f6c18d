import type { HttpApp } from '../../src/core/module.js';
import { newId } from '../../src/core/ids.js';
import type { StaffRole } from '../../src/modules/access/index.js';
import { addStaff } from '../../src/modules/identity/staff.js';
import { createSession, sessionCookie } from '../../src/modules/identity/sessions.js';
import type { TestRuntime } from '../helpers/runtime.js';

/**
 * A staff member with one role and a complete session (TOTP done), without the login pages.
 * `authorityId` null makes the role tenant-wide — how a procedure administrator of the whole
 * catalogue is set up.
 */
export async function staffSession(
  runtime: TestRuntime,
  tenantId: string,
  role: StaffRole,
  name: string,
  authorityId: string | null = null,
): Promise<{ accountId: string; token: string }> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${newId().slice(-8)}@example.org`;
  // addStaff insists on an authority for authority-bound roles; the tenant-wide membership is written directly.
  const { accountId } = await addStaff(runtime.ctx, null, tenantId, {
    email,
    name,
    role: authorityId || role === 'tenantAdmin' ? role : 'tenantAdmin',
    authorityId: authorityId ?? undefined,
  });
  if (!authorityId && role !== 'tenantAdmin') {
    await runtime.ctx.db.updateTable('memberships').set({ role }).where('account_id', '=', accountId).execute();
  }
  const { token } = await createSession(runtime.ctx.db, runtime.ctx, { tenantId, accountId, trustLevel: 'substanziell', stage: 'complete', method: 'password', userAgent: 'test' });
  return { accountId, token };
}

/** Keeps cookies between app.inject calls and posts forms with the CSRF token of the last page. */
export class Browser {
  private readonly cookies = new Map<string, string>();
  lastHtml = '';

  constructor(
    private readonly app: HttpApp,
    sessionToken?: string,
    /** The tenant's host name (another tenant than the default one). */
    private readonly host?: string,
  ) {
    if (sessionToken) this.cookies.set(sessionCookie, sessionToken);
  }

  private remember(setCookie: string | string[] | undefined): void {
    for (const line of ([] as string[]).concat(setCookie ?? [])) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  private headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return this.host ? { cookie, host: this.host } : { cookie };
  }

  async get(url: string) {
    const response = await this.app.inject({ method: 'GET', url, headers: this.headers() });
    this.remember(response.headers['set-cookie']);
    this.lastHtml = response.body;
    return response;
  }

  csrfToken(): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!match) throw new Error('no CSRF token on the last page');
    return match[1]!;
  }

  /** Posts a form as a browser would after loading `from` (default: the same URL). */
  async post(url: string, fields: Record<string, string>, from = url, { withCsrf = true } = {}) {
    await this.get(from);
    const body = new URLSearchParams(withCsrf ? { _csrf: this.csrfToken(), ...fields } : fields);
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(response.headers['set-cookie']);
    this.lastHtml = response.body;
    return response;
  }

  /** Posts a ready multipart body (a form with a file) with this browser's cookies. */
  async postMultipart(url: string, payload: string, contentType: string) {
    const response = await this.app.inject({ method: 'POST', url, headers: { ...this.headers(), 'content-type': contentType }, payload });
    this.remember(response.headers['set-cookie']);
    this.lastHtml = response.body;
    return response;
  }
}
