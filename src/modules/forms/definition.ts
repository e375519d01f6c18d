/**
 * The form definition format: one JSON document per procedure version. These types describe a
 * definition after it passed `parseFormDefinition` (see `definition-schema.ts`); `docs/forms.md`
 * explains every property with examples.
 */

/** A text in both languages of the portal. */
export interface LocalText {
  de: string;
  en: string;
}

/**
 * A JSON-logic expression (https://jsonlogic.com) with the custom operations of `rules.ts`.
 * Never evaluated with `eval`.
 */
export type Logic = boolean | number | string | null | { [operator: string]: unknown };

export interface CodeListValue {
  value: string;
  label: LocalText;
  hint?: LocalText;
}

export interface CodeList {
  values: CodeListValue[];
  /** Where the list comes from (e.g. a FIM/XRepository code list); informational. */
  source?: { uri: string; version?: string };
}

/** A reference date for `after`/`before`: today or another date field, shifted by `days`. */
export interface DateRelation {
  /** Compare with the date of validation (Europe/Berlin). */
  today?: boolean;
  /** Compare with another date field, as a dotted path from the form root (`investigation.start`). */
  field?: string;
  /** Shift of the reference in calendar days (negative: earlier). */
  days?: number;
  /** Also accept the reference date itself. */
  orEqual?: boolean;
  message?: LocalText;
}

/** Custom messages replacing the engine's default message for one check of one field. */
export type FieldMessages = Partial<Record<'required' | 'pattern' | 'min' | 'max' | 'minLength' | 'maxLength' | 'after' | 'before', LocalText>>;

interface FieldBase {
  /** Name in the data (unique among its siblings): `[a-zA-Z][a-zA-Z0-9_]*`. */
  key: string;
  label: LocalText;
  hint?: LocalText;
  /** Required unless `optional`; an optional field becomes required while `requiredIf` is true. */
  optional?: boolean;
  requiredIf?: Logic;
  /** The field (and its value) exists only while this is true. */
  showIf?: Logic;
  /** Initial value from the applicant's account, a dotted path such as `profile.familyName`. */
  prefill?: string;
  messages?: FieldMessages;
  /** Origin in FIM (set by the XDatenfelder import). */
  fim?: { id: string; version?: string };
}

export interface TextField extends FieldBase {
  type: 'text' | 'longText';
  minLength?: number;
  maxLength?: number;
  /** A regular expression (unicode mode) the whole trimmed value must match. */
  pattern?: string;
  /** HTML autocomplete token, e.g. `family-name`. */
  autocomplete?: string;
}

export interface NumberField extends FieldBase {
  type: 'integer' | 'decimal';
  min?: number;
  max?: number;
  /** Most digits after the decimal separator (decimal only). */
  decimals?: number;
  unit?: LocalText;
}

/** An amount in euros entered by people, stored as integer cents. */
export interface CurrencyField extends FieldBase {
  type: 'currency';
  /** In cents. */
  min?: number;
  max?: number;
}

export interface DateField extends FieldBase {
  type: 'date';
  after?: DateRelation;
  before?: DateRelation;
}

export interface SimpleField extends FieldBase {
  type: 'email' | 'phone' | 'iban' | 'yesNo' | 'address';
}

export interface ChoiceField extends FieldBase {
  type: 'singleChoice' | 'multiChoice';
  codeList: string;
  /** Radios/checkboxes by default; a select for long single-choice lists. */
  display?: 'radios' | 'checkboxes' | 'select';
  minItems?: number;
  maxItems?: number;
}

export interface FileField extends FieldBase {
  type: 'file';
  /** Accepted media types, e.g. `application/pdf`, `image/*`. */
  accept: string[];
  maxSizeMb: number;
  maxCount: number;
}

export type { Crs } from '../../core/reference-systems.js';
import type { Crs } from '../../core/reference-systems.js';

/** A named region the coordinate must lie in, checked by the injected `insideRegion`. */
export interface RegionConstraint {
  name: string;
  label: LocalText;
}

export interface CoordinateField extends FieldBase {
  type: 'coordinate' | 'polygon';
  /** Reference systems the applicant may use; the first is the default. */
  crs: Crs[];
  region?: RegionConstraint;
}

export interface GroupField extends FieldBase {
  type: 'group';
  fields: Field[];
}

export interface RepeatField extends FieldBase {
  type: 'repeat';
  fields: Field[];
  min?: number;
  max?: number;
  /** Heading of one item; `{n}` is its number, e.g. "Bohrung {n}". */
  itemLabel: LocalText;
}

/** Static content between questions; holds no value. Markdown-lite: paragraphs, `- ` lists, `**bold**`, `[text](https://…)`. */
export interface HelpField {
  type: 'help';
  key: string;
  content: LocalText;
  showIf?: Logic;
}

export type ValueField = TextField | NumberField | CurrencyField | DateField | SimpleField | ChoiceField | FileField | CoordinateField;
export type Field = ValueField | GroupField | RepeatField | HelpField;
export type FieldType = Field['type'];

export interface Page {
  id: string;
  title: LocalText;
  intro?: LocalText;
  fields: Field[];
  showIf?: Logic;
}

/** A value derived from the answers, stored in the data under `key` (top level). */
export interface ComputedValue {
  key: string;
  expression: Logic;
  label?: LocalText;
}

/** A cross-field check: when `when` is true, `message` is reported at `field` (a JSON pointer). */
export interface Rule {
  id: string;
  when: Logic;
  severity: 'error' | 'warning';
  field: string;
  message: LocalText;
  /** Values for `{name}` placeholders in the message, each an expression. */
  params?: Record<string, Logic>;
}

export interface MapPreviewDefinition {
  title: LocalText;
  /** A base map some module contributes to `mapBases` (e.g. a tenant's `land`: the Land with its Kreise). */
  base: string;
  /** JSON pointers of coordinate or polygon answers; `*` stands for every item of a repeat. */
  features: string[];
}

export interface FormDefinition {
  key: string;
  version: string;
  title: LocalText;
  pages: Page[];
  codeLists?: Record<string, CodeList>;
  computed?: ComputedValue[];
  rules?: Rule[];
  /** A map of the answers' places on the check page and the case page (see `map.ts`). */
  map?: MapPreviewDefinition;
  /** Notes for the author (e.g. FIM rules the import could not translate); never shown to applicants. */
  notes?: string[];
}

export const groupTypes: ReadonlySet<FieldType> = new Set(['group', 'repeat']);

export function hasChildren(field: Field): field is GroupField | RepeatField {
  return field.type === 'group' || field.type === 'repeat';
}
