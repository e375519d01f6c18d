import type { Crs, Field, FormDefinition, LocalText } from './definition.js';
import { referenceSystem } from '../../core/reference-systems.js';

/**
 * The JSON Schema (draft 2020-12) of the data a form version produces — the normalised answers as
 * `validateSubmission` returns them and as they are handed to the authority, like FIT-Connect's
 * submission schema. Conditions cannot be expressed here: a field counts as required only when it
 * is required whatever the other answers are. The validation engine stays the authority.
 */

type Schema = Record<string, unknown>;

const metres = 'metres in the `crs` of the answer when it is projected (ETRS89 / UTM), else in the first projected system the question offers; absent when it offers none';
const position: Schema = {
  type: 'object',
  properties: {
    easting: { type: 'number', description: metres },
    northing: { type: 'number', description: metres },
    lon: { type: 'number', minimum: -180, maximum: 180, description: 'WGS84 (EPSG:4326), degrees' },
    lat: { type: 'number', minimum: -90, maximum: 90, description: 'WGS84 (EPSG:4326), degrees' },
  },
  required: ['lon', 'lat'],
  additionalProperties: false,
};

/** Whether a question's answers carry metres: when it offers a projected system. */
const withMetres = (crs: readonly Crs[]) => crs.some((code) => referenceSystem(code).projected);

function annotate(schema: Schema, label: LocalText, hint?: LocalText): Schema {
  return { title: label.de, ...(hint ? { description: hint.de } : {}), ...schema };
}

function objectSchema(fields: readonly Field[], form: FormDefinition, unconditional: boolean): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const field of fields) {
    if (field.type === 'help') continue;
    const always = unconditional && !field.optional && field.showIf === undefined;
    properties[field.key] = fieldSchema(field, form, always);
    if (always) required.push(field.key);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

function fieldSchema(field: Exclude<Field, { type: 'help' }>, form: FormDefinition, always: boolean): Schema {
  const codes = (name: string) => (form.codeLists?.[name]?.values ?? []).map((entry) => entry.value);
  const crs = (list: string[]) => ({ type: 'string', enum: list });
  switch (field.type) {
    case 'text':
    case 'longText':
      return annotate(
        {
          type: 'string',
          minLength: Math.max(1, field.minLength ?? 1),
          maxLength: field.maxLength ?? (field.type === 'longText' ? 10_000 : 500),
          ...(field.pattern ? { pattern: `^(?:${field.pattern})$` } : {}),
        },
        field.label,
        field.hint,
      );
    case 'integer':
    case 'decimal':
      return annotate(
        {
          type: field.type === 'integer' ? 'integer' : 'number',
          ...(field.min !== undefined ? { minimum: field.min } : {}),
          ...(field.max !== undefined ? { maximum: field.max } : {}),
        },
        field.label,
        field.hint,
      );
    case 'currency':
      return annotate(
        { type: 'integer', $comment: 'euro cents', ...(field.min !== undefined ? { minimum: field.min } : {}), ...(field.max !== undefined ? { maximum: field.max } : {}) },
        field.label,
        field.hint,
      );
    case 'date':
      return annotate({ type: 'string', format: 'date' }, field.label, field.hint);
    case 'email':
      return annotate({ type: 'string', format: 'email', maxLength: 254 }, field.label, field.hint);
    case 'phone':
      return annotate({ type: 'string', pattern: '^\\+?[0-9 ()/-]+$' }, field.label, field.hint);
    case 'iban':
      return annotate({ type: 'string', pattern: '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$' }, field.label, field.hint);
    case 'yesNo':
      return annotate({ type: 'boolean' }, field.label, field.hint);
    case 'singleChoice':
      return annotate({ type: 'string', enum: codes(field.codeList) }, field.label, field.hint);
    case 'multiChoice':
      return annotate(
        {
          type: 'array',
          items: { type: 'string', enum: codes(field.codeList) },
          uniqueItems: true,
          minItems: Math.max(1, field.minItems ?? 1),
          ...(field.maxItems !== undefined ? { maxItems: field.maxItems } : {}),
        },
        field.label,
        field.hint,
      );
    case 'file':
      return annotate(
        {
          type: 'array',
          minItems: 1,
          maxItems: field.maxCount,
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              name: { type: 'string', minLength: 1, maxLength: 255 },
              type: { type: 'string', $comment: `one of ${field.accept.join(', ')}` },
              size: { type: 'integer', minimum: 1, maximum: Math.floor(field.maxSizeMb * 1024 * 1024) },
              sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
            },
            required: ['name', 'type', 'size'],
            additionalProperties: false,
          },
        },
        field.label,
        field.hint,
      );
    case 'address':
      return annotate(
        {
          type: 'object',
          properties: {
            street: { type: 'string', minLength: 1, maxLength: 100 },
            houseNumber: { type: 'string', minLength: 1, maxLength: 20 },
            postalCode: { type: 'string', pattern: '^[0-9]{5}$' },
            city: { type: 'string', minLength: 1, maxLength: 100 },
          },
          required: ['street', 'houseNumber', 'postalCode', 'city'],
          additionalProperties: false,
        },
        field.label,
        field.hint,
      );
    case 'coordinate':
      return annotate(
        {
          type: 'object',
          properties: { crs: crs(field.crs), ...(position.properties as Schema) },
          required: ['crs', ...(withMetres(field.crs) ? ['easting', 'northing'] : []), ...(position.required as string[])],
          additionalProperties: false,
        },
        field.label,
        field.hint,
      );
    case 'polygon':
      return annotate(
        {
          type: 'object',
          properties: {
            crs: crs(field.crs),
            points: { type: 'array', minItems: 4, items: { $ref: '#/$defs/position' }, $comment: 'closed ring: the last point repeats the first' },
          },
          required: ['crs', 'points'],
          additionalProperties: false,
        },
        field.label,
        field.hint,
      );
    case 'group':
      return annotate(objectSchema(field.fields, form, always), field.label, field.hint);
    case 'repeat': {
      const min = field.min ?? (always ? 1 : 0);
      return annotate(
        {
          type: 'array',
          items: objectSchema(field.fields, form, true),
          minItems: always ? Math.max(min, 1) : 1,
          ...(field.max !== undefined ? { maxItems: field.max } : {}),
        },
        field.label,
        field.hint,
      );
    }
  }
}

const cache = new WeakMap<FormDefinition, Schema>();

export function deriveJsonSchema(form: FormDefinition): Schema {
  const cached = cache.get(form);
  if (cached) return cached;
  const root: Schema = { type: 'object', properties: {} as Record<string, Schema>, required: [] as string[], additionalProperties: false };
  for (const page of form.pages) {
    const part = objectSchema(page.fields, form, page.showIf === undefined);
    Object.assign(root.properties as Schema, part.properties);
    (root.required as string[]).push(...((part.required as string[] | undefined) ?? []));
  }
  for (const computed of form.computed ?? []) {
    (root.properties as Record<string, Schema>)[computed.key] = { readOnly: true, ...(computed.label ? { title: computed.label.de } : {}), $comment: 'computed by the form' };
  }
  const schema: Schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `/api/v1/forms/${form.key}/${form.version}/schema.json`,
    title: form.title.de,
    ...root,
    $defs: { position },
  };
  cache.set(form, schema);
  return schema;
}
