import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { createMailer, listStoredMails, parseMail } from '../../src/core/mail/index.js';

interface Received {
  from: string | false;
  to: string[];
  user: string | undefined;
  raw: Buffer;
}

/** A real SMTP server on a random port that keeps what it receives. */
async function startSmtpServer(): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'amt' && auth.password === 'geheim') callback(null, { user: auth.username });
      else callback(new Error('invalid credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          // biome-ignore lint/complexity/useOptionalChain: mailFrom is false when the envelope has no sender
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const message = {
  to: 'erika.mustermann@example.org',
  subject: 'Ihr Antrag SN-2026-7KQ4-X9: Eingangsbestätigung für Größenänderung',
  text: 'Guten Tag,\n\nwir haben Ihren Antrag erhalten. Grüße aus Freiberg – Ihr Sächsisches Oberbergamt\n',
};

describe('mail over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  before(async () => {
    smtp = await startSmtpServer();
  });
  after(() => smtp.close());

  it('delivers to the recipient with subject and text, authenticated from SMTP_URL', async () => {
    const config = loadConfig({
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://amt:geheim@127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Amt24 Sachsen <noreply@amt24.sachsen.example>',
    });
    const mailer = createMailer(config);
    try {
      const sent = await mailer.send({ ...message, html: '<p>Guten Tag,</p><p>wir haben Ihren Antrag erhalten.</p>' });
      assert.equal(smtp.received.length, 1);
      const [delivery] = smtp.received;
      assert.deepEqual(delivery!.to, ['erika.mustermann@example.org']);
      assert.equal(delivery!.from, 'noreply@amt24.sachsen.example');
      assert.equal(delivery!.user, 'amt');
      const mail = parseMail(delivery!.raw);
      assert.equal(mail.subject, message.subject);
      assert.equal(mail.text, message.text);
      assert.equal(mail.html, '<p>Guten Tag,</p><p>wir haben Ihren Antrag erhalten.</p>');
      assert.equal(mail.headers.get('message-id'), sent.messageId);
    } finally {
      mailer.close();
    }
  });

  it('sends the same Message-ID again when the same queued mail is sent a second time', async () => {
    const mailer = createMailer(loadConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://amt:geheim@127.0.0.1:${smtp.port}`, MAIL_FROM: 'Amt <noreply@amt.example>' }));
    try {
      const identity = { id: '0190aaaa-0000-7000-8000-000000000001', queuedAt: new Date('2026-03-02T09:00:00Z') };
      const before = smtp.received.length;
      const first = await mailer.send(message, identity);
      const second = await mailer.send(message, identity);
      assert.equal(first.messageId, '<0190aaaa-0000-7000-8000-000000000001@amt.example>');
      assert.equal(second.messageId, first.messageId);
      const ids = smtp.received.slice(before).map((delivery) => parseMail(delivery.raw).headers.get('message-id'));
      assert.deepEqual(ids, [first.messageId, first.messageId], 'at least once over SMTP, recognisable as one mail');
    } finally {
      mailer.close();
    }
  });

  it('fails loudly when the server refuses the login', async () => {
    const mailer = createMailer(loadConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://amt:falsch@127.0.0.1:${smtp.port}` }));
    try {
      await assert.rejects(mailer.send(message), /invalid credentials|auth/i);
    } finally {
      mailer.close();
    }
  });
});

describe('mail into files (embedded mode)', () => {
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-mail-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('writes each mail as a parseable .eml file and lists them newest first', async () => {
    assert.deepEqual(await listStoredMails(dataDir), []);
    const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
    const mailer = createMailer(loadConfig({ DATA_DIR: dataDir }), clock);
    const first = await mailer.send(message);
    clock.advance(60_000);
    await mailer.send({ to: 'max@example.org', subject: 'Neue Nachricht in Ihrem Postfach', text: 'Bitte melden Sie sich an.' });

    assert.equal(path.dirname(first.file!), path.join(dataDir, 'mail'));
    assert.match(path.basename(first.file!), /^20260302T090000\.000Z-[0-9a-f]{8}\.eml$/);
    const raw = fs.readFileSync(first.file!);
    assert.match(raw.toString('latin1'), /^[\x20-\x7e]+: /, 'starts with a header line');
    assert.match(raw.toString('latin1'), /\r\n\r\n/, 'headers end with an empty CRLF line');
    const mail = parseMail(raw);
    assert.equal(mail.from, 'Amtsweg <noreply@localhost>');
    assert.equal(mail.to, 'erika.mustermann@example.org');
    assert.equal(mail.subject, message.subject);
    assert.equal(mail.text, message.text);
    assert.equal(mail.html, undefined);
    assert.equal(new Date(mail.date!).toISOString(), '2026-03-02T09:00:00.000Z');
    assert.equal(mail.headers.get('message-id'), first.messageId);

    const listed = await listStoredMails(dataDir);
    assert.deepEqual(
      listed.map((m) => [m.subject, m.to]),
      [
        ['Neue Nachricht in Ihrem Postfach', 'max@example.org'],
        [message.subject, message.to],
      ],
    );
    assert.equal(listed[1]!.name, path.basename(first.file!));
    assert.deepEqual(
      fs.readdirSync(path.join(dataDir, 'mail')).filter((name) => !name.endsWith('.eml')),
      [],
      'no temporary files left',
    );
  });
});

describe('mail configuration', () => {
  it('defaults to files and the Amtsweg sender', () => {
    assert.deepEqual(loadConfig({}).mail, { transport: 'file', smtpUrl: undefined, from: 'Amtsweg <noreply@localhost>' });
  });

  for (const [env, variable] of [
    [{ MAIL_TRANSPORT: 'pigeon' }, 'MAIL_TRANSPORT'],
    [{ MAIL_TRANSPORT: 'smtp' }, 'SMTP_URL'],
    [{ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'http://mail.example.org' }, 'SMTP_URL'],
    [{ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'not a url' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'Amtsweg' }, 'MAIL_FROM'],
  ] as const) {
    it(`names ${variable} for ${JSON.stringify(env)}`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && error.variable === variable,
      );
    });
  }

  it('never prints the SMTP password', () => {
    assert.throws(
      () => loadConfig({ MAIL_TRANSPORT: 'smtp', SMTP_URL: 'http://amt:streng-geheim@mail.example.org' }),
      (error: unknown) => error instanceof Error && !error.message.includes('streng-geheim'),
    );
  });
});
