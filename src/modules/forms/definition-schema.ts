import { Type, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { jsonSchemaFile } from '../../core/json-schema-file.js';
import { LocalText, Logic as LogicSchema } from '../../core/pack-schema.js';
import type { Field, FormDefinition, Logic } from './definition.js';
import { isKnownOperator } from './rules.js';
import { childPointer, pointerTokens } from '../../core/json-pointer.js';
import { referenceSystemCodes } from '../../core/reference-systems.js';

/**
 * Checks a form definition when it is loaded: the structure with TypeBox schemas (one per field
 * type, chosen by `type`, so an error names the field instead of listing every union branch), then
 * the references between parts (code lists, date fields, rule targets, unique keys).
 */

const Text = LocalText;
const Key = Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]*$', maxLength: 64 });
const Count = Type.Integer({ minimum: 0 });

const DateRelation = Type.Object(
  {
    today: Type.Optional(Type.Boolean()),
    field: Type.Optional(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]*(\\.[a-zA-Z][a-zA-Z0-9_]*)*$' })),
    days: Type.Optional(Type.Integer()),
    orEqual: Type.Optional(Type.Boolean()),
    message: Type.Optional(Text),
  },
  { additionalProperties: false },
);

const messageKinds = ['required', 'pattern', 'min', 'max', 'minLength', 'maxLength', 'after', 'before'] as const;

const base = {
  key: Key,
  label: Text,
  hint: Type.Optional(Text),
  optional: Type.Optional(Type.Boolean()),
  requiredIf: Type.Optional(LogicSchema),
  showIf: Type.Optional(LogicSchema),
  prefill: Type.Optional(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]*(\\.[a-zA-Z][a-zA-Z0-9_]*)+$' })),
  messages: Type.Optional(Type.Object(Object.fromEntries(messageKinds.map((kind) => [kind, Type.Optional(Text)])), { additionalProperties: false })),
  fim: Type.Optional(Type.Object({ id: Type.String(), version: Type.Optional(Type.String()) }, { additionalProperties: false })),
};

function fieldSchema(types: string[], properties: Record<string, TSchema>): TSchema {
  return Type.Object({ ...base, type: Type.Union(types.map((t) => Type.Literal(t))), ...properties }, { additionalProperties: false });
}

const Children = Type.Array(Type.Unknown(), { minItems: 1 });
const Crs = Type.Union(referenceSystemCodes.map((code) => Type.Literal(code)));

const fieldSchemas: Record<Field['type'], TSchema> = {
  text: fieldSchema(['text', 'longText'], {
    minLength: Type.Optional(Count),
    maxLength: Type.Optional(Type.Integer({ minimum: 1 })),
    pattern: Type.Optional(Type.String({ minLength: 1 })),
    autocomplete: Type.Optional(Type.String()),
  }),
  longText: Type.Unknown(), // replaced below: same schema as text
  integer: fieldSchema(['integer', 'decimal'], {
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    decimals: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
    unit: Type.Optional(Text),
  }),
  decimal: Type.Unknown(),
  currency: fieldSchema(['currency'], { min: Type.Optional(Type.Integer()), max: Type.Optional(Type.Integer()) }),
  date: fieldSchema(['date'], { after: Type.Optional(DateRelation), before: Type.Optional(DateRelation) }),
  email: fieldSchema(['email', 'phone', 'iban', 'yesNo', 'address'], {}),
  phone: Type.Unknown(),
  iban: Type.Unknown(),
  yesNo: Type.Unknown(),
  address: Type.Unknown(),
  singleChoice: fieldSchema(['singleChoice', 'multiChoice'], {
    codeList: Key,
    display: Type.Optional(Type.Union([Type.Literal('radios'), Type.Literal('checkboxes'), Type.Literal('select')])),
    minItems: Type.Optional(Count),
    maxItems: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
  multiChoice: Type.Unknown(),
  file: fieldSchema(['file'], {
    accept: Type.Array(Type.String({ pattern: '^[a-z]+/([a-z0-9.+-]+|\\*)$' }), { minItems: 1 }),
    maxSizeMb: Type.Number({ exclusiveMinimum: 0 }),
    maxCount: Type.Integer({ minimum: 1 }),
  }),
  coordinate: fieldSchema(['coordinate', 'polygon'], {
    crs: Type.Array(Crs, { minItems: 1, uniqueItems: true }),
    region: Type.Optional(Type.Object({ name: Type.String({ minLength: 1 }), label: Text }, { additionalProperties: false })),
  }),
  polygon: Type.Unknown(),
  group: fieldSchema(['group'], { fields: Children }),
  repeat: fieldSchema(['repeat'], {
    fields: Children,
    min: Type.Optional(Count),
    max: Type.Optional(Type.Integer({ minimum: 1 })),
    itemLabel: Text,
  }),
  help: Type.Object({ type: Type.Literal('help'), key: Key, content: Text, showIf: Type.Optional(LogicSchema) }, { additionalProperties: false }),
};
fieldSchemas.longText = fieldSchemas.text;
fieldSchemas.decimal = fieldSchemas.integer;
for (const type of ['phone', 'iban', 'yesNo', 'address'] as const) fieldSchemas[type] = fieldSchemas.email;
fieldSchemas.multiChoice = fieldSchemas.singleChoice;
fieldSchemas.polygon = fieldSchemas.coordinate;

/** Pages and fields are checked one by one after the form's own structure (see below). */
const Pages = Type.Array(Type.Unknown(), { minItems: 1 });
const PageSchema = Type.Object({ id: Key, title: Text, intro: Type.Optional(Text), fields: Children, showIf: Type.Optional(LogicSchema) }, { additionalProperties: false });

const FormSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9-]*$', maxLength: 80 }),
    version: Type.String({ pattern: '^[0-9A-Za-z][0-9A-Za-z.-]*$', maxLength: 40 }),
    title: Text,
    pages: Pages,
    codeLists: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Object(
          {
            values: Type.Array(Type.Object({ value: Type.String({ minLength: 1 }), label: Text, hint: Type.Optional(Text) }, { additionalProperties: false })),
            source: Type.Optional(Type.Object({ uri: Type.String(), version: Type.Optional(Type.String()) }, { additionalProperties: false })),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    computed: Type.Optional(Type.Array(Type.Object({ key: Key, expression: LogicSchema, label: Type.Optional(Text) }, { additionalProperties: false }))),
    map: Type.Optional(
      Type.Object(
        { title: Text, base: Type.String({ minLength: 1 }), features: Type.Array(Type.String({ pattern: '^(/[A-Za-z0-9_*]+)+$' }), { minItems: 1 }) },
        { additionalProperties: false },
      ),
    ),
    rules: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Key,
            when: LogicSchema,
            severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
            field: Type.String({ pattern: '^(/[^/]+)+$' }),
            message: Text,
            params: Type.Optional(Type.Record(Type.String(), LogicSchema)),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    notes: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);

export interface DefinitionProblem {
  /** JSON pointer into the definition document. */
  path: string;
  message: string;
}

export class FormDefinitionError extends Error {
  constructor(readonly problems: DefinitionProblem[]) {
    super(`invalid form definition:\n${problems.map((p) => `  ${p.path || '/'}: ${p.message}`).join('\n')}`);
    this.name = 'FormDefinitionError';
  }
}

function schemaProblems(schema: TSchema, value: unknown, path: string): DefinitionProblem[] {
  return [...Value.Errors(schema, value)]
    .filter((error) => error.keyword !== 'boolean') // duplicates of additionalProperties
    .map((error) => {
      const extra = error.keyword === 'additionalProperties' ? ` (${(error.params as { additionalProperties: string[] }).additionalProperties.join(', ')})` : '';
      return { path: path + error.instancePath, message: error.message + extra };
    });
}

/** Checks every operator of an expression against the ones the engine knows. */
function logicProblems(logic: unknown, path: string): DefinitionProblem[] {
  if (Array.isArray(logic)) return logic.flatMap((item, index) => logicProblems(item, childPointer(path, index)));
  if (logic === null || typeof logic !== 'object') return [];
  const operators = Object.keys(logic);
  if (operators.length !== 1) return [{ path, message: 'an expression object must have exactly one operator' }];
  const [operator] = operators as [string];
  if (!isKnownOperator(operator)) return [{ path, message: `unknown operator "${operator}"` }];
  return logicProblems((logic as Record<string, unknown>)[operator], childPointer(path, operator));
}

interface Context {
  problems: DefinitionProblem[];
  codeLists: Set<string>;
  dateFields: Set<string>;
  dateRelations: { path: string; field: string }[];
}

function checkFields(fields: unknown[], path: string, dataPath: string, context: Context, siblingKeys: Set<string>): void {
  fields.forEach((raw, index) => {
    const fieldPath = childPointer(path, index);
    const type = (raw as { type?: unknown } | null)?.type;
    const schema = typeof type === 'string' ? fieldSchemas[type as Field['type']] : undefined;
    if (!schema) {
      context.problems.push({ path: `${fieldPath}/type`, message: `unknown field type ${JSON.stringify(type)}; one of ${Object.keys(fieldSchemas).join(', ')}` });
      return;
    }
    const found = schemaProblems(schema, raw, fieldPath);
    context.problems.push(...found);
    if (found.length) return;
    const field = raw as Field;
    if (field.key in Object.prototype) context.problems.push({ path: `${fieldPath}/key`, message: `"${field.key}" is reserved` });
    if (siblingKeys.has(field.key)) context.problems.push({ path: `${fieldPath}/key`, message: `duplicate key "${field.key}"` });
    siblingKeys.add(field.key);
    const fieldDataPath = dataPath ? `${dataPath}.${field.key}` : field.key;
    for (const property of ['showIf', 'requiredIf'] as const) {
      if (property in field) context.problems.push(...logicProblems((field as unknown as Record<string, Logic>)[property], childPointer(fieldPath, property)));
    }
    switch (field.type) {
      case 'text':
      case 'longText':
        if (field.pattern !== undefined) {
          try {
            new RegExp(field.pattern, 'u');
          } catch {
            context.problems.push({ path: `${fieldPath}/pattern`, message: 'not a valid regular expression' });
          }
        }
        if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength) {
          context.problems.push({ path: `${fieldPath}/minLength`, message: 'minLength is greater than maxLength' });
        }
        break;
      case 'integer':
      case 'decimal':
      case 'currency':
        if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
          context.problems.push({ path: `${fieldPath}/min`, message: 'min is greater than max' });
        }
        break;
      case 'singleChoice':
      case 'multiChoice':
        if (!context.codeLists.has(field.codeList)) context.problems.push({ path: `${fieldPath}/codeList`, message: `no code list "${field.codeList}"` });
        break;
      case 'date':
        context.dateFields.add(fieldDataPath);
        for (const relation of ['after', 'before'] as const) {
          const reference = field[relation];
          if (!reference) continue;
          if (Boolean(reference.today) === Boolean(reference.field)) {
            context.problems.push({ path: childPointer(fieldPath, relation), message: 'give either "today": true or "field"' });
          } else if (reference.field) {
            context.dateRelations.push({ path: childPointer(fieldPath, relation, 'field'), field: reference.field });
          }
        }
        break;
      case 'repeat':
        if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
          context.problems.push({ path: `${fieldPath}/min`, message: 'min is greater than max' });
        }
        checkFields(field.fields, `${fieldPath}/fields`, `${fieldDataPath}.*`, context, new Set());
        break;
      case 'group':
        checkFields(field.fields, `${fieldPath}/fields`, fieldDataPath, context, new Set());
        break;
    }
  });
}

/**
 * Parses and checks a form definition (e.g. the parsed `form.json` of a procedure pack).
 * Throws `FormDefinitionError` listing every problem with its JSON pointer.
 */
export function parseFormDefinition(document: unknown): FormDefinition {
  const problems = schemaProblems(FormSchema, document, '');
  if (problems.length) throw new FormDefinitionError(problems);
  const form = document as FormDefinition;
  const context: Context = { problems, codeLists: new Set(Object.keys(form.codeLists ?? {})), dateFields: new Set(), dateRelations: [] };

  const pageIds = new Set<string>();
  const topKeys = new Set<string>();
  form.pages.forEach((raw, index) => {
    const path = `/pages/${index}`;
    const found = schemaProblems(PageSchema, raw, path);
    problems.push(...found);
    if (found.length) return;
    const page = raw as { id: string; fields: unknown[]; showIf?: Logic };
    if (pageIds.has(page.id)) problems.push({ path: `${path}/id`, message: `duplicate page id "${page.id}"` });
    pageIds.add(page.id);
    if ('showIf' in page) problems.push(...logicProblems(page.showIf, `${path}/showIf`));
    checkFields(page.fields, `${path}/fields`, '', context, topKeys);
  });

  for (const relation of context.dateRelations) {
    // A relation inside a repeat item may name a sibling: `start` next to `*.end`.
    const resolvable = [...context.dateFields].some((path) => path === relation.field || path.endsWith(`.${relation.field}`));
    if (!resolvable) problems.push({ path: relation.path, message: `no date field "${relation.field}"` });
  }
  (form.computed ?? []).forEach((computed, index) => {
    if (topKeys.has(computed.key)) problems.push({ path: `/computed/${index}/key`, message: `"${computed.key}" is already a field` });
    topKeys.add(computed.key);
    problems.push(...logicProblems(computed.expression, `/computed/${index}/expression`));
  });
  (form.rules ?? []).forEach((rule, index) => {
    const [first = ''] = pointerTokens(rule.field);
    if (!topKeys.has(first)) problems.push({ path: `/rules/${index}/field`, message: `no field "${first}"` });
    problems.push(...logicProblems(rule.when, `/rules/${index}/when`));
    for (const [name, expression] of Object.entries(rule.params ?? {})) problems.push(...logicProblems(expression, `/rules/${index}/params/${name}`));
  });

  if (problems.length) throw new FormDefinitionError(problems);
  return form;
}

/**
 * `form.json` as a JSON Schema file: the loader checks fields one by one (so an error names the
 * field); for an editor they become one recursive definition, chosen by `type`.
 */
export function formJsonSchema(): string {
  const field = { $ref: '#/$defs/field' };
  const fieldDefinition = { anyOf: [...new Set(Object.values(fieldSchemas))] };
  return jsonSchemaFile(
    FormSchema,
    { id: 'https://amtsweg.de/schemas/form.schema.json', title: 'Amtsweg form (form.json)', defs: { field: fieldDefinition } },
    new Map<object, unknown>([
      [Children, { type: 'array', minItems: 1, items: field }],
      [Pages, { type: 'array', minItems: 1, items: PageSchema }],
    ]),
  );
}
