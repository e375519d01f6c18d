import fs from 'node:fs';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { projectPath } from './paths.js';
import { isCrs, referenceSystemCodes, type Crs } from './reference-systems.js';

/** One list of strings per language. */
const PerLanguage = Type.Object({ de: Type.Array(Type.String()), en: Type.Array(Type.String()) });

/** A body named on the legal pages: who it is, where to write, how to reach it. */
const LegalContactSchema = Type.Object({
  name: Type.String(),
  /** Postal address, one line each (street, postcode and town). */
  address: Type.Array(Type.String()),
  email: Type.String(),
  phone: Type.Optional(Type.String()),
  /** Web address, e.g. the Schlichtungsstelle's. */
  url: Type.Optional(Type.String()),
});
export type LegalContact = Static<typeof LegalContactSchema>;

/** What the Impressum, the Datenschutzerklärung and the Erklärung zur Barrierefreiheit name. */
const TenantLegalSchema = Type.Object({
  /** Anbieter (§ 5 DDG): the body that provides the portal. */
  provider: Type.Intersect([LegalContactSchema, Type.Object({ representedBy: Type.String() })]),
  /** Verantwortlicher (Art. 4 Nr. 7 DSGVO). */
  controller: LegalContactSchema,
  /** Datenschutzbeauftragte(r) (Art. 37 DSGVO). */
  dataProtectionOfficer: LegalContactSchema,
  /** Where people report barriers (BITV 2.0 § 7 Abs. 1 Nr. 3). */
  accessibilityFeedback: LegalContactSchema,
  /** The Schlichtungsstelle of the Land (BITV 2.0 § 7 Abs. 1 Nr. 4, BGG § 16 or Land law). */
  schlichtungsstelle: LegalContactSchema,
  /** Stand der Vereinbarkeit: fully, partly or not compliant with BITV 2.0. */
  conformance: Type.Union([Type.Literal('full'), Type.Literal('partial'), Type.Literal('none')]),
  /** Content not (yet) accessible, per language, with why. */
  nonAccessibleContent: PerLanguage,
  /** When the statement was made (ISO date) and how (self-assessment, external test). */
  statementDate: Type.String(),
  statementMethod: Type.Union([Type.Literal('selfAssessment'), Type.Literal('externalTest')]),
});
export type TenantLegal = Static<typeof TenantLegalSchema>;

/**
 * A tenant's look and legal data, as data/tenants.json gives them and the tenants row stores them.
 * The shape is checked here (a file or command with a missing or mistyped entry is refused with
 * one line naming it); what the shape cannot say, `settingsProblem` checks below.
 */
const TenantSettingsSchema = Type.Object({
  /** SVG files under data/ (a path relative to it). */
  logo: Type.String(),
  favicon: Type.String(),
  /** The primary colour (`#rrggbb`) that replaces KERN's action colour. */
  primaryColor: Type.String(),
  /** Examples of what to search, shown under the search on the home page. */
  searchHints: PerLanguage,
  /** The examples in the hint of the place field ("Zum Beispiel „01067“ oder „Freiberg“"): a postcode and a town of the tenant's own. */
  placeExamples: Type.Optional(Type.Object({ postcode: Type.String(), town: Type.String() })),
  legal: TenantLegalSchema,
  /**
   * The public archive the tenant's authorities offer their Akten to (Aussonderung), named as
   * XDOMEA names it: its Behördenschlüssel and its name. Without it there is no Aussonderung.
   */
  archive: Type.Optional(Type.Object({ code: Type.String(), name: Type.String() })),
  /**
   * The Land's official coordinate reference system (EPSG code, one of `core/reference-systems.ts`),
   * preselected in coordinate questions that offer it; without it, WGS84 (EPSG:4326).
   */
  referenceSystem: Type.Optional(Type.Unsafe<Crs>(Type.String())),
});
export type TenantSettings = Static<typeof TenantSettingsSchema>;

/** WCAG 2.1 AA minimum contrast for normal text (SC 1.4.3). */
export const minimumContrast = 4.5;

/** WCAG relative luminance of an sRGB colour `#rrggbb`. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => {
    const value = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  const [r = 0, g = 0, b = 0] = channels;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of a colour against white (1 to 21): links and buttons in it sit on white pages. */
export function contrastAgainstWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/** The file a setting names, inside data/ only (a setting cannot make the server read elsewhere). */
export function tenantAssetPath(relative: string): string {
  const dataDir = projectPath('data');
  const file = path.resolve(dataDir, relative);
  if (!file.startsWith(`${dataDir}${path.sep}`)) throw new Error(`${relative} is outside data/`);
  return file;
}

/**
 * Why settings cannot be used: one line for the operator (`message`), and for a page the setting
 * it is about (`setting`, a dotted path such as `legal.provider.email`), a `reason` and its `params`.
 */
export interface SettingsProblem {
  message: string;
  setting: string;
  reason: string;
  params?: Record<string, string>;
}

/** An address people can write to: something before and after one `@`, no spaces. */
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The legal contacts, each named on a statutory page, so each needs a name, an address and an email. */
const legalContacts = ['provider', 'controller', 'dataProtectionOfficer', 'accessibilityFeedback', 'schlichtungsstelle'] as const;

function legalProblem(slug: string, legal: TenantLegal): SettingsProblem | undefined {
  if (!legal.provider.representedBy?.trim())
    return { message: `tenant ${slug}: legal.provider needs representedBy`, setting: 'legal.provider.representedBy', reason: 'settingMissing' };
  for (const contact of legalContacts) {
    const { name, address, email } = legal[contact];
    const at = `legal.${contact}`;
    if (!name?.trim()) return { message: `tenant ${slug}: ${at} needs a name`, setting: `${at}.name`, reason: 'settingMissing' };
    if (!address?.some((line) => line.trim())) return { message: `tenant ${slug}: ${at} needs an address`, setting: `${at}.address`, reason: 'settingMissing' };
    if (!emailPattern.test(email ?? ''))
      return { message: `tenant ${slug}: ${at}.email must be an email address (got "${email ?? ''}")`, setting: `${at}.email`, reason: 'emailMalformed' };
  }
  return undefined;
}

/**
 * Why these settings cannot be used; undefined when they can. A colour that fails contrast
 * against white would make every link and button unreadable for people with low vision, so it
 * is refused rather than shipped.
 */
export function settingsProblem(slug: string, settings: TenantSettings): SettingsProblem | undefined {
  const [shape] = Value.Errors(TenantSettingsSchema, settings);
  if (shape) {
    const at = shape.instancePath.slice(1).replaceAll('/', '.');
    return { message: `tenant ${slug}: settings${shape.instancePath} ${shape.message}`, setting: at, reason: 'settingMalformed' };
  }
  if (!/^#[0-9a-fA-F]{6}$/.test(settings.primaryColor)) {
    return { message: `tenant ${slug}: primaryColor must be #rrggbb (got "${settings.primaryColor}")`, setting: 'primaryColor', reason: 'colourMalformed' };
  }
  const contrast = contrastAgainstWhite(settings.primaryColor);
  if (contrast < minimumContrast) {
    return {
      message: `tenant ${slug}: primaryColor ${settings.primaryColor} has contrast ${contrast.toFixed(2)}:1 against white, WCAG AA needs at least ${minimumContrast}:1`,
      setting: 'primaryColor',
      reason: 'colourContrast',
    };
  }
  if (settings.archive && !(settings.archive.code.trim() && settings.archive.name.trim())) {
    return { message: `tenant ${slug}: archive needs a code (its Behördenschlüssel) and a name`, setting: 'archive', reason: 'settingMissing' };
  }
  if (settings.referenceSystem !== undefined && !isCrs(settings.referenceSystem)) {
    return {
      message: `tenant ${slug}: referenceSystem must be one of ${referenceSystemCodes.join(', ')} (got "${settings.referenceSystem}")`,
      setting: 'referenceSystem',
      reason: 'referenceSystemUnknown',
      params: { codes: referenceSystemCodes.join(', ') },
    };
  }
  for (const [setting, file] of [
    ['logo', settings.logo],
    ['favicon', settings.favicon],
  ] as const) {
    const problem = (message: string, reason: string) => ({ message: `tenant ${slug}: ${message}`, setting, reason, params: { file } });
    if (!file.endsWith('.svg')) return problem(`${setting} must be an SVG file (got "${file}")`, 'assetNotSvg');
    let where: string;
    try {
      where = tenantAssetPath(file);
    } catch {
      return problem(`${setting} ${file} must lie inside data/`, 'assetOutsideData');
    }
    if (!fs.existsSync(where)) return problem(`${setting} data/${file} does not exist`, 'assetMissing');
  }
  return legalProblem(slug, settings.legal);
}
