import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type Nodemailer from 'nodemailer';
import type { Config } from '../../config.js';
import { systemClock, type Clock } from '../clock.js';

/** A mail as the application writes it: plain text first, HTML optional. */
export interface MailMessage {
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

export interface Mailer {
  send(message: MailMessage): Promise<SentMail>;
  close(): void;
}

/** Where the file transport keeps its mails. */
export function mailDirectory(dataDir: string): string {
  return path.join(dataDir, 'mail');
}

/** `20260302T090000.000Z-<random>.eml`: sorts by time, unique, no characters Windows refuses. */
function mailFileName(sentAt: Date): string {
  const stamp = sentAt.toISOString().replace(/[-:]/g, '');
  return `${stamp}-${crypto.randomBytes(4).toString('hex')}.eml`;
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
      async send(message) {
        const info = await (await transport.get()).sendMail({ from: mail.from, date: clock.now(), ...message });
        return { messageId: info.messageId };
      },
      close: transport.close,
    };
  }
  const transport = lazily((nodemailer) => nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' }));
  const dir = mailDirectory(config.dataDir);
  return {
    async send(message) {
      const sentAt = clock.now();
      const info = await (await transport.get()).sendMail({ from: mail.from, date: sentAt, ...message });
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, mailFileName(sentAt));
      await fs.writeFile(`${file}.part`, info.message as Buffer, { mode: 0o600 });
      await fs.rename(`${file}.part`, file);
      return { messageId: info.messageId, file };
    },
    close: transport.close,
  };
}
