import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type Nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import { systemClock, type Clock } from '../clock.js';

/** A mail as the application writes it: plain text first, HTML optional. */
export interface MailMessage {
  /** The sender, when not MAIL_FROM: the tenant's own (`mailFrom` in data/tenants.json). */
  from?: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface SentMail {
  messageId: string;
  /** The `.eml` file, for the file transport. */
  file?: string;
}

/** Identifies one mail across attempts (the outbox job that sends it), so a repeat is recognisable. */
export interface MailIdentity {
  id: string;
  /** When the mail was queued: the same on every attempt. */
  queuedAt: Date;
}

export interface Mailer {
  /**
   * Sends `message`. With an identity, its Message-ID is derived from it, and the file transport
   * writes one file per identity: a second attempt (after a crash between sending and recording
   * the job as done) writes no second file; over SMTP it sends the same Message-ID again.
   */
  send(message: MailMessage, identity?: MailIdentity): Promise<SentMail>;
  close(): void;
}

/** Where the file transport keeps its mails. */
export function mailDirectory(dataDir: string): string {
  return path.join(dataDir, 'mail');
}

/**
 * `20260302T090000.000Z-<id or random>.eml`: sorts by time, unique, no characters Windows
 * refuses; with an identity, the time it was queued and its id, the same on every attempt.
 */
function mailFileName(sentAt: Date, identity: MailIdentity | undefined): string {
  const stamp = (identity?.queuedAt ?? sentAt).toISOString().replace(/[-:]/g, '');
  return `${stamp}-${identity?.id ?? crypto.randomBytes(4).toString('hex')}.eml`;
}

/** `<id@domain of the sender>`: a Message-ID of our own domain that repeats with the identity. */
function messageIdOf(identity: MailIdentity | undefined, from: string): string | undefined {
  const domain = /@([^<>@\s]+)>?$/.exec(from)?.[1] ?? 'localhost';
  return identity && `<${identity.id}@${domain}>`;
}

const unfinishedSuffix = '.part';

/**
 * Removes the temporary files of mails whose writing was interrupted (a crash between writing and
 * renaming). Run when a worker starts: the interrupted job is still due and writes its mail again.
 */
export async function removeUnfinishedMails(dataDir: string): Promise<number> {
  const dir = mailDirectory(dataDir);
  const names = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const unfinished = names.filter((name) => name.endsWith(unfinishedSuffix));
  await Promise.all(unfinished.map((name) => fs.rm(path.join(dir, name), { force: true })));
  return unfinished.length;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/**
 * A transport made with the first mail: nodemailer (MIME builder, SMTP client) is a large module
 * that a process which sends no mail should not load at start-up.
 */
function lazily<T extends { close(): void }>(create: (nodemailer: typeof Nodemailer) => T): { get(): Promise<T>; close(): void } {
  let made: Promise<T> | undefined;
  return {
    get: () => (made ??= import('nodemailer').then((module) => create(module.default))),
    close: () => void made?.then((transport) => transport.close()),
  };
}

/**
 * Sends mail through the configured transport. With `MAIL_TRANSPORT=file` (the embedded
 * default) each message becomes an `.eml` file under DATA_DIR/mail, written under a temporary
 * name and renamed, so a reader never sees half a mail.
 */
export function createMailer(config: Config, clock: Clock = systemClock): Mailer {
  const { mail } = config;
  if (mail.transport === 'smtp') {
    const transport = lazily((nodemailer) => nodemailer.createTransport(mail.smtpUrl));
    return {
      async send(message, identity) {
        const from = message.from ?? mail.from;
        const messageId = messageIdOf(identity, from);
        const info = await (await transport.get()).sendMail({ date: clock.now(), ...(messageId ? { messageId } : {}), ...message, from });
        return { messageId: info.messageId };
      },
      close: transport.close,
    };
  }
  const transport = lazily((nodemailer) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }));
  const dir = mailDirectory(config.dataDir);
  return {
    async send(message, identity) {
      const sentAt = clock.now();
      const file = path.join(dir, mailFileName(sentAt, identity));
      const from = message.from ?? mail.from;
      const messageId = messageIdOf(identity, from);
      if (messageId && (await exists(file))) return { messageId, file }; // sent by an attempt that could not record it
      const info = await (await transport.get()).sendMail({ date: sentAt, ...(messageId ? { messageId } : {}), ...message, from });
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(`${file}${unfinishedSuffix}`, info.message as Buffer, { mode: 0o600 });
      await fs.rename(`${file}${unfinishedSuffix}`, file);
      return { messageId: info.messageId, file };
    },
    close: transport.close,
  };
}
