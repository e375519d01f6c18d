import type { Address, AuthorityKind, Region, RegionLevel } from './model.js';

/**
 * Authorities a tenant's `regions.json` generates instead of listing them one by one, e.g. "for every
 * Kreis a district authority and a water authority", "for every Gemeinde outside the kreisfreie
 * Städte its administration". A template runs once per region of its level (or per row it lists);
 * texts are patterns whose `{attribute}` is replaced by the region's attribute (its CSV columns,
 * joined rows and `attributes`, plus `ags`, `ars`, `name`, `designation`, `parent`), `{a|b}` by the
 * first of them that is not empty.
 */

type Condition = string | { not: string };

/** An authority as the seed files list it (`authorities.json`) and as a template makes it. */
export interface AuthoritySeed {
  key: string;
  name: string;
  kind: AuthorityKind;
  description?: string;
  address: Address;
  phone?: string;
  email?: string;
  web?: string;
  openingHours?: string;
  regionAgs: string;
}

/** A value chosen by another attribute: `map[attribute]`, else `otherwise` (both patterns). */
interface Choice {
  of: string;
  map: Record<string, string>;
  otherwise: string;
}

export interface AuthorityTemplate extends Omit<AuthoritySeed, 'regionAgs'> {
  /** Runs per region of the level, or per entry of `rows`. */
  for: RegionLevel | 'rows';
  rows?: Record<string, string>[];
  /** Only regions (rows) whose attributes have (`"x"`) or do not have (`{"not": "x"}`) these values. */
  where?: Record<string, Condition>;
  /** Further attributes chosen by another one, usable in the patterns. */
  let?: Record<string, Choice>;
  /** The authority's own region; defaults to `{ags}`. */
  regionAgs?: string;
  /**
   * The regions it is responsible for (its Zuständigkeit when a service asks for its kind):
   * by default its own region; `withChildren` adds the regions below it (a kreisfreie Stadt's
   * Gemeinde); `level` with `where` names the regions of a level whose attributes match.
   */
  serves?: { withChildren?: boolean; level?: RegionLevel; where?: Record<string, Condition> };
}

/** What a template makes: the fields of an authority seed and the regions it serves. */
export interface GeneratedAuthority extends AuthoritySeed {
  serves: string[];
}

export class TemplateError extends Error {}

type Attributes = Record<string, string>;

export function fill(pattern: string, attributes: Attributes): string {
  return pattern.replace(
    /\{([^{}]+)\}/g,
    (_, names: string) =>
      names
        .split('|')
        .map((name) => attributes[name.trim()] ?? '')
        .find((value) => value !== '') ?? '',
  );
}

function matches(where: Record<string, Condition> | undefined, attributes: Attributes, scope: Attributes): boolean {
  return Object.entries(where ?? {}).every(([name, condition]) =>
    typeof condition === 'string' ? attributes[name] === fill(condition, scope) : attributes[name] !== fill(condition.not, scope),
  );
}

function optional(pattern: string | undefined, attributes: Attributes): string | undefined {
  if (pattern === undefined) return undefined;
  const value = fill(pattern, attributes);
  return value === '' ? undefined : value;
}

function required(template: AuthorityTemplate, field: string, pattern: string, attributes: Attributes): string {
  const value = fill(pattern, attributes);
  if (value === '') throw new TemplateError(`the authority template "${template.key}" gives an empty ${field} for ${attributes.ags ?? JSON.stringify(attributes)}`);
  return value;
}

function withChoices(template: AuthorityTemplate, attributes: Attributes): Attributes {
  const all = { ...attributes };
  for (const [name, choice] of Object.entries(template.let ?? {})) all[name] = fill(choice.map[all[choice.of] ?? ''] ?? choice.otherwise, all);
  return all;
}

function generate(template: AuthorityTemplate, attributes: Attributes, regions: readonly Region[], attributesOf: (ags: string) => Attributes): GeneratedAuthority {
  const scope = withChoices(template, attributes);
  const regionAgs = required(template, 'regionAgs', template.regionAgs ?? '{ags}', scope);
  const serves = template.serves?.level
    ? regions.filter((r) => r.level === template.serves!.level && matches(template.serves!.where, attributesOf(r.ags), scope)).map((r) => r.ags)
    : [regionAgs, ...(template.serves?.withChildren ? regions.filter((r) => r.parentAgs === regionAgs).map((r) => r.ags) : [])];
  const address: Address = { city: required(template, 'address.city', template.address.city, scope) };
  for (const field of ['street', 'postcode', 'description'] as const) {
    const value = optional(template.address[field], scope);
    if (value !== undefined) address[field] = value;
  }
  const generated: GeneratedAuthority = {
    key: required(template, 'key', template.key, scope),
    name: required(template, 'name', template.name, scope),
    kind: template.kind,
    address,
    regionAgs,
    serves,
  };
  for (const field of ['description', 'phone', 'email', 'web', 'openingHours'] as const) {
    const value = optional(template[field], scope);
    if (value !== undefined) generated[field] = value;
  }
  return generated;
}

/**
 * The authorities of the templates, in order: templates of one level that follow each other run
 * together per region (Kreis 1: district, water; Kreis 2: …), each `rows` template on its own.
 */
export function generateAuthorities(templates: readonly AuthorityTemplate[], regions: readonly Region[], attributes: ReadonlyMap<string, Attributes>): GeneratedAuthority[] {
  const attributesOf = (ags: string) => attributes.get(ags) ?? {};
  const groups: AuthorityTemplate[][] = [];
  for (const template of templates) {
    const last = groups.at(-1);
    if (last && template.for !== 'rows' && last[0]!.for === template.for) last.push(template);
    else groups.push([template]);
  }
  const generated: GeneratedAuthority[] = [];
  for (const group of groups) {
    const first = group[0]!;
    const rows = first.for === 'rows' ? (first.rows ?? []) : regions.filter((r) => r.level === first.for).map((r) => attributesOf(r.ags));
    for (const row of rows) {
      for (const template of group) if (matches(template.where, row, row)) generated.push(generate(template, row, regions, attributesOf));
    }
  }
  return generated;
}
