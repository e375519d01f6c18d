/** IBAN check (ISO 13616): country, check digits, BBAN, mod-97 remainder 1. */

/** Lengths of the countries people in Germany most often bank in; others only get the general check. */
const lengths: Record<string, number> = { DE: 22, AT: 20, CH: 21, LI: 21, LU: 20, NL: 18, BE: 16, FR: 27, IT: 27, ES: 24, PL: 28, CZ: 24, DK: 18 };

export function compactIban(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

export function ibanProblem(iban: string): 'format' | 'checksum' | undefined {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return 'format';
  const expected = lengths[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return 'format';
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const digits = char >= 'A' ? String(char.charCodeAt(0) - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1 ? undefined : 'checksum';
}

/** Groups of four for reading: `DE89 3704 0044 0532 0130 00`. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}
