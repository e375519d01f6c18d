import assert from 'node:assert/strict';
import type { HttpApp } from '../../src/core/module.js';
import { listStoredMails } from '../../src/core/mail/index.js';
import { JobWorker } from '../../src/core/jobs/index.js';
import { mailJobType, sendMailJob } from '../../src/core/mail/outbox.js';
import { jobHandlers } from '../../src/runtime.js';
import type { TestRuntime } from '../helpers/runtime.js';

/** A tiny browser: keeps cookies between app.inject calls and fills in the CSRF token of the last page. */
export class Agent {
  private cookies = new Map<string, string>();
  lastHtml = '';

  /** `remoteAddress`: the client's IP address as the app sees it (default: inject's 127.0.0.1). */
  constructor(
    readonly app: HttpApp,
    private readonly headers: Record<string, string> = {},
    private readonly remoteAddress?: string,
  ) {}

  private get client() {
    return this.remoteAddress ? { remoteAddress: this.remoteAddress } : {};
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(setCookie: string | string[] | undefined): void {
    for (const line of ([] as string[]).concat(setCookie ?? [])) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(url: string) {
    const response = await this.app.inject({ method: 'GET', url, ...this.client, headers: { ...this.headers, cookie: this.cookieHeader() } });
    this.remember(response.headers['set-cookie']);
    if (response.headers['content-type']?.toString().startsWith('text/html')) this.lastHtml = response.body;
    return response;
  }

  csrfToken(): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml);
    if (!match) throw new Error('no CSRF token on the last page');
    return match[1]!;
  }

  /** Posts a form from the page at `from` (fetched first for its CSRF token). */
  async post(url: string, fields: Record<string, string | string[]>, from = url) {
    await this.get(from);
    return this.postRaw(url, { _csrf: this.csrfToken(), ...fields });
  }

  async postRaw(url: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of ([] as string[]).concat(v)) body.append(k, one);
    const response = await this.app.inject({
      method: 'POST',
      url,
      ...this.client,
      headers: { ...this.headers, cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.remember(response.headers['set-cookie']);
    if (response.headers['content-type']?.toString().startsWith('text/html')) this.lastHtml = response.body;
    return response;
  }
}

export interface SentMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Runs the outbox worker as the app would and reads the mails back from DATA_DIR/mail. Uses the
 * kernel's `mail.send` handler when the runtime does not register it yet.
 */
export async function deliveredMails(runtime: TestRuntime): Promise<SentMail[]> {
  await deliverOutbox(runtime);
  const stored = await listStoredMails(runtime.dataDir, 1000);
  return stored.map((m) => ({ to: m.to, subject: m.subject, text: m.text ?? '' })).reverse();
}

export async function deliverOutbox(runtime: TestRuntime): Promise<void> {
  const handlers = jobHandlers(runtime.modules);
  handlers[mailJobType] ??= sendMailJob;
  // One job at a time, a millisecond apart: the .eml names sort by send time, so the order is the order of sending.
  const worker = new JobWorker(runtime.ctx, handlers, { batchSize: 1 });
  while ((await worker.runDue()) > 0) runtime.clock.advance(1);
}

export async function lastMailTo(runtime: TestRuntime, to: string): Promise<SentMail> {
  const mails = (await deliveredMails(runtime)).filter((m) => m.to.includes(to));
  const mail = mails[mails.length - 1];
  if (!mail) throw new Error(`no mail to ${to}`);
  return mail;
}

export function linkIn(mail: SentMail): URL {
  const match = /(https?:\/\/\S+)/.exec(mail.text);
  if (!match) throw new Error(`no link in mail "${mail.subject}"`);
  return new URL(match[1]!);
}

/** Registers a person over HTTP and follows the verification link from the mail; returns the agent and that link. */
export async function registerAndVerify(app: HttpApp, runtime: TestRuntime, person: { email: string; password: string; givenName?: string; familyName?: string }) {
  const agent = new Agent(app);
  const { email, password, givenName = 'Jana', familyName = 'Beispiel' } = person;
  const registered = await agent.post('/registrieren', { kind: 'person', givenName, familyName, email, password });
  assert.equal(registered.statusCode, 200);
  assert.match(registered.body, /prüfen Sie Ihr E-Mail-Postfach/);
  const link = linkIn(await lastMailTo(runtime, email));
  assert.equal(link.pathname, '/konto/bestaetigen');
  assert.equal((await agent.get(link.pathname + link.search)).statusCode, 200);
  const verified = await agent.post(link.pathname + link.search, {}, link.pathname + link.search);
  assert.equal(verified.statusCode, 200);
  assert.match(verified.body, /E-Mail-Adresse bestätigt/);
  return { agent, link };
}
