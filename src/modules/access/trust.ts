/**
 * Vertrauensniveaus as BundID defines them: `basis` (user name and password), `substanziell`
 * (e.g. ELSTER certificate), `hoch` (Online-Ausweis). A procedure names the minimum it needs.
 */
export const trustLevels = ['basis', 'substanziell', 'hoch'] as const;
export type TrustLevel = (typeof trustLevels)[number];

export function isTrustLevel(value: unknown): value is TrustLevel {
  return typeof value === 'string' && (trustLevels as readonly string[]).includes(value);
}

/** True when `level` is at least `required`. */
export function meetsTrustLevel(level: TrustLevel, required: TrustLevel): boolean {
  return trustLevels.indexOf(level) >= trustLevels.indexOf(required);
}
