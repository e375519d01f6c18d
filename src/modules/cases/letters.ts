import { withPreposition } from '../../core/i18n/index.js';
import type { Authority } from './access.js';

/**
 * The parts of a letter besides its text: who writes (letterhead), to whom (addressee) and the
 * German phrase "bei <Behörde>" that Bescheide need for the Rechtsbehelfsbelehrung.
 */

/** An `address` answer as the forms module stores it. */
interface PostalAddress {
  street?: string;
  houseNumber?: string;
  postalCode?: string;
  city?: string;
}

function isAddress(value: unknown): value is PostalAddress {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as PostalAddress).city === 'string';
}

/** `Am Schacht 3`, `09599 Freiberg`: the lines of a German postal address, without empty ones. */
export function addressLines(value: unknown): string[] {
  if (!isAddress(value)) return [];
  return [
    [value.street, value.houseNumber],
    [value.postalCode, value.city],
  ]
    .map((parts) => parts.filter(Boolean).join(' '))
    .filter(Boolean);
}

/** The authority's postal address, one line each (its description when no street is kept). */
export function authorityAddressLines(authority: Authority): string[] {
  const { street, postcode, city, description } = authority.address;
  const lines = street || postcode ? [street, [postcode, city].filter(Boolean).join(' ')] : [description ?? city];
  return lines.filter((line): line is string => Boolean(line?.trim()));
}

/** The letterhead: the authority's name, postal address and contact, one line each. */
export function letterhead(authority: Authority): string[] {
  const postal = authorityAddressLines(authority);
  const contact = [authority.phone && `Telefon ${authority.phone}`, authority.email && `E-Mail ${authority.email}`, authority.web].filter(Boolean);
  return [authority.name, ...postal, ...contact].filter((line): line is string => Boolean(line?.trim()));
}

/**
 * A name sorted by family name for lists ("Bohrer, Max") turned back into the order a letter uses
 * ("Max Bohrer"). Only the one-comma form of the packs' computed names is turned; a company name
 * with a comma ("Bohrtechnik GmbH, Niederlassung Freiberg") keeps its order because its second
 * part has more than given names.
 */
export function letterName(name: string): string {
  const match = /^([^,]+),\s*([^,]+)$/.exec(name.trim());
  if (!match) return name.trim();
  const [, family, given] = match as unknown as [string, string, string];
  const legalForm = /\b(GmbH|AG|KG|OHG|UG|GbR|e\.\s?V\.|mbH|Niederlassung|Zweigstelle|Standort)\b/;
  return legalForm.test(name) ? name.trim() : `${given.trim()} ${family.trim()}`;
}

/** "bei" with an authority's name in the dative: "beim Sächsischen Landesamt für …", "bei der Stadtverwaltung Freiberg". */
export function atAuthority(name: string): string {
  return withPreposition('bei', name);
}
