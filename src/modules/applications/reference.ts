import crypto from 'node:crypto';

/**
 * Human reference numbers such as `SN-2026-7KQ4-X9`: tenant prefix, year, five random characters
 * of Crockford's base32 (no I, L, O, U: nothing to confuse on the phone) and a check character
 * (Luhn mod N over the rest) that catches every single typo and most swapped neighbours.
 */

const randomAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const checkAlphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function checkCharacter(text: string): string {
  const n = checkAlphabet.length;
  let factor = 2;
  let sum = 0;
  for (let index = text.length - 1; index >= 0; index--) {
    const code = checkAlphabet.indexOf(text[index]!);
    if (code < 0) continue;
    let addend = factor * code;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return checkAlphabet[(n - (sum % n)) % n]!;
}

export function newReference(prefix: string, year: number): string {
  const bytes = crypto.randomBytes(5);
  const random = [...bytes].map((byte) => randomAlphabet[byte % 32]).join('');
  const body = `${prefix.toUpperCase()}-${year}-${random.slice(0, 4)}-${random.slice(4)}`;
  return body + checkCharacter(body);
}

/** True for a well-formed reference whose check character fits (e.g. before a lookup by reference). */
export function isValidReference(reference: string): boolean {
  const match = /^([A-Z]{2,8}-\d{4}-[0-9A-Z]{4}-[0-9A-Z])([0-9A-Z])$/.exec(reference.toUpperCase());
  return match !== null && checkCharacter(match[1]!) === match[2];
}
