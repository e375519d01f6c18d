import fs from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { projectPath } from '../../core/paths.js';

export const passwordMinLength = 12;
/** Long passphrases are welcome; the bound only keeps argon2 from hashing megabytes. */
export const passwordMaxLength = 200;

/** Algorithm 2 = argon2id; parameters from OWASP's password storage cheat sheet (m=19 MiB, t=2). */
const argon2Options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Compared against when the account does not exist, so an unknown address takes as long as a
 * wrong password and the response time does not tell which accounts exist.
 */
let dummyHash: Promise<string> | undefined;
export function burnPasswordCheck(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('not-a-real-password-used-for-timing');
  return dummyHash.then((h) => verifyPassword(h, password));
}

let commonPasswords: Set<string> | undefined;

/**
 * In the list, or a listed password padded to length with digits and symbols at the end
 * ("iloveyou1234", "sommer2024!!") — the usual way people meet a minimum length.
 */
function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(fs.readFileSync(projectPath('data/common-passwords.txt'), 'utf8').split('\n').filter(Boolean));
  const lower = password.toLowerCase();
  const base = lower.replace(/[\d\W_]+$/u, '');
  return commonPasswords.has(lower) || (base.length >= 4 && commonPasswords.has(base));
}

/** The i18n key of what is wrong with a new password, or null when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < passwordMinLength) return 'identity.password.tooShort';
  if (password.length > passwordMaxLength) return 'identity.password.tooLong';
  if (isCommonPassword(password)) return 'identity.password.common';
  if (email && password.toLowerCase().includes(email.toLowerCase())) return 'identity.password.containsEmail';
  return null;
}
