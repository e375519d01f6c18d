import fs from 'node:fs/promises';
import path from 'node:path';
import { parseMail, type ParsedMail } from './eml.js';
import { mailDirectory } from './mailer.js';

export interface StoredMail extends Omit<ParsedMail, 'headers'> {
  /** The file name under DATA_DIR/mail, e.g. to link to a single mail. */
  name: string;
}

/**
 * The mails the file transport wrote, newest first (for the `/dev/mail` page outside
 * production). An empty list when nothing was sent yet.
 */
export async function listStoredMails(dataDir: string, limit = 100): Promise<StoredMail[]> {
  const dir = mailDirectory(dataDir);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const newest = names
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .reverse()
    .slice(0, limit);
  return Promise.all(
    newest.map(async (name) => {
      const { headers: _headers, ...mail } = parseMail(await fs.readFile(path.join(dir, name)));
      return { name, ...mail };
    }),
  );
}
