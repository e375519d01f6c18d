import crypto from 'node:crypto';

/** A random token for a cookie, a mail link or an API client: 32 bytes, URL-safe. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/**
 * Tokens are stored only as their SHA-256: they carry 256 bits of randomness, so a fast hash is
 * enough (unlike passwords), and a leaked table does not let anyone sign in.
 */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Recovery codes: 10 characters from an alphabet without look-alikes, shown as `xxxxx-xxxxx`. */
const recoveryAlphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

export function recoveryCode(): string {
  const chars = Array.from(crypto.randomBytes(10), (byte) => recoveryAlphabet[byte % recoveryAlphabet.length]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** What the user typed, in the form the code was hashed in (case, spaces and dashes do not matter). */
export function normaliseRecoveryCode(input: string): string {
  const compact = input.toLowerCase().replace(/[\s-]/g, '');
  return `${compact.slice(0, 5)}-${compact.slice(5)}`;
}
