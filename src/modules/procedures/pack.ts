import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { canonicalJson } from '../../core/canonical-json.js';
import { jsonSchemaFile } from '../../core/json-schema-file.js';
import { AnswerPointer, LocalText, Logic } from '../../core/pack-schema.js';
import { projectPath } from '../../core/paths.js';
import { choicesAt, fieldAt, FormDefinitionError, parseFormDefinition, type FormDefinition } from '../forms/index.js';
import type { ProcedureDefinition } from './model.js';
import { PostingFieldSchema } from './posting-field.js';
import { childPointer, pointerTokens } from '../../core/json-pointer.js';

/**
 * Reads and checks a procedure pack folder. Every problem is reported with the file and the JSON
 * pointer inside it, e.g. `procedures/bohranzeige/procedure.json /recipients/1/when: …`.
 */

const Text = LocalText;
const Key = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$' });
const Pointer = AnswerPointer;

const ProcedureSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    key: Key,
    service: Key,
    leikaKey: Type.String({ pattern: '^\\d{14}$' }),
    provider: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9-]{0,29}$' })),
    title: Text,
    trustLevel: Type.Union([Type.Literal('basis'), Type.Literal('substanziell'), Type.Literal('hoch')]),
    organisationTrustLevel: Type.Optional(Type.Union([Type.Literal('basis'), Type.Literal('substanziell'), Type.Literal('hoch')])),
    applicants: Type.Array(Type.Union([Type.Literal('person'), Type.Literal('organisation')]), { minItems: 1, uniqueItems: true }),
    anonymous: Type.Boolean(),
    location: Type.Optional(Pointer),
    recipients: Type.Array(
      Type.Object(
        {
          authorityKind: Type.String({ minLength: 1, maxLength: 40 }),
          region: Type.Union([Type.Literal('land'), Type.Literal('kreisOfLocation'), Type.Literal('chosenInField')]),
          field: Type.Optional(Pointer),
          when: Logic,
          reason: Type.Optional(Text),
          filing: Type.Optional(
            Type.Object(
              {
                kennzeichen: Type.String({ pattern: '^[0-9A-Za-z]+(\\.[0-9A-Za-z]+)*$', maxLength: 40 }),
                formation: Type.Optional(Type.Union([Type.Literal('case'), Type.Literal('applicant'), Type.Literal('site'), Type.Literal('year')])),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    contactEmail: Type.Optional(Pointer),
    processingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    retentionYears: Type.Integer({ minimum: 1, maximum: 100 }),
    fee: Type.Object({ amountCents: Type.Integer({ minimum: 0 }), note: Type.Optional(Text) }, { additionalProperties: false }),
    declaration: Text,
    calls: Type.Optional(
      Type.Object(
        {
          onePerApplicant: Type.Boolean(),
          kindField: Type.Optional(Pointer),
          secondaryKinds: Type.Optional(Type.Array(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9]{0,62}$' }), { uniqueItems: true })),
          ranking: Type.Optional(
            Type.Object(
              {
                states: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
                partitions: Type.Array(Type.Object({ label: Text, pointers: Type.Array(Pointer, { minItems: 1 }) }, { additionalProperties: false })),
                order: Type.Array(Pointer),
                columns: Type.Array(Type.Object({ label: Text, pointer: Pointer }, { additionalProperties: false }), { minItems: 1 }),
              },
              { additionalProperties: false },
            ),
          ),
          postingOnly: Type.Optional(Type.Object({ field: Pointer, values: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }) }, { additionalProperties: false })),
          postingFields: Type.Optional(Type.Array(PostingFieldSchema)),
          labels: Type.Optional(Type.Object({ startDate: Type.Optional(Text), postings: Type.Optional(Text) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
    followUps: Type.Optional(
      Type.Array(
        Type.Object(
          {
            key: Key,
            title: Text,
            when: Logic,
            from: Pointer,
            dueMonths: Type.Integer({ minimum: 1, maximum: 120 }),
            procedure: Key,
            remindDaysBefore: Type.Array(Type.Integer({ minimum: 1, maximum: 365 })),
            remindDaysAfter: Type.Array(Type.Integer({ minimum: 1, maximum: 365 })),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    fulfils: Type.Optional(Type.Object({ reference: Pointer, duty: Type.Optional(Pointer), when: Logic }, { additionalProperties: false })),
    extends: Type.Optional(
      Type.Object(
        {
          reference: Pointer,
          dueOn: Pointer,
          when: Logic,
          status: Type.Union(['submitted', 'inProgress', 'waiting', 'decided', 'closed'].map((s) => Type.Literal(s))),
        },
        { additionalProperties: false },
      ),
    ),
    prefill: Type.Optional(
      Type.Array(
        Type.Object(
          {
            from: Key,
            set: Type.Record(
              Type.String(),
              Type.Union([
                Type.Literal('reference'),
                Type.Literal('duty'),
                Pointer,
                Type.Object({ value: Type.Union([Type.String(), Type.Number(), Type.Boolean()]) }, { additionalProperties: false }),
              ]),
              {
                minProperties: 1,
                description:
                  'New form pointer → "reference" (the earlier Aktenzeichen), "duty" (the follow-up duty started from), an answer pointer of the earlier form or { "value": … }',
              },
            ),
          },
          { additionalProperties: false },
        ),
        { minItems: 1 },
      ),
    ),
  },
  { additionalProperties: false },
);

/** Operators json-logic-js offers that must never run on data from a pack. */
const forbiddenOperators = new Set(['method', 'log']);

export interface PackProblem {
  file: string;
  path: string;
  message: string;
}

export class ProcedurePackError extends Error {
  constructor(readonly problems: PackProblem[]) {
    super(`invalid procedure pack:\n${problems.map((p) => `  ${p.file} ${p.path || '/'}: ${p.message}`).join('\n')}`);
    this.name = 'ProcedurePackError';
  }
}

export interface LoadedPack {
  procedure: ProcedureDefinition;
  /** The form as written in the pack; registered per published version. */
  formDocument: Record<string, unknown>;
  form: FormDefinition;
  /** `workflow.json` as written (the cases module checks it), null when the pack has none. */
  workflowDocument: unknown;
  /** The texts under `templates/` by file name. */
  templates: Record<string, string>;
  /** `demo.json` as written (the demo module seeds it), null when the pack has none; not part of the content hash. */
  demoDocument: unknown;
  /** SHA-256 over the canonical JSON of everything above: a new hash is a new version. */
  contentHash: string;
  /** The hash as it was before workflow and templates counted (procedure and form only), to adopt versions published then. */
  formOnlyHash: string;
}

function readJson(file: string, label: string, problems: PackProblem[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push({ file: label, path: '', message: (error as Error).message });
    return undefined;
  }
}

/** Checks a JSON-logic expression of a pack (procedure or workflow) for forbidden or malformed operators. */
export function logicProblems(logic: unknown, file: string, at: string): PackProblem[] {
  if (Array.isArray(logic)) return logic.flatMap((item, index) => logicProblems(item, file, childPointer(at, index)));
  if (logic === null || typeof logic !== 'object') return [];
  const operators = Object.keys(logic);
  if (operators.length !== 1) return [{ file, path: at, message: 'an expression object must have exactly one operator' }];
  const operator = operators[0]!;
  if (forbiddenOperators.has(operator)) return [{ file, path: at, message: `operator "${operator}" is not allowed` }];
  return logicProblems((logic as Record<string, unknown>)[operator], file, childPointer(at, operator));
}

function procedureProblems(document: unknown, file: string, folderName: string): PackProblem[] {
  const problems: PackProblem[] = [...Value.Errors(ProcedureSchema, document)]
    .filter((error) => error.keyword !== 'boolean')
    .map((error) => ({
      file,
      path: error.instancePath,
      message: error.message + (error.keyword === 'additionalProperties' ? ` (${(error.params as { additionalProperties: string[] }).additionalProperties.join(', ')})` : ''),
    }));
  if (problems.length) return problems;
  const procedure = document as ProcedureDefinition;
  if (procedure.key !== folderName) problems.push({ file, path: '/key', message: `must equal the folder name "${folderName}"` });
  procedure.recipients.forEach((rule, index) => problems.push(...logicProblems(rule.when, file, `/recipients/${index}/when`)));
  procedure.followUps?.forEach((rule, index) => problems.push(...logicProblems(rule.when, file, `/followUps/${index}/when`)));
  if (procedure.fulfils) problems.push(...logicProblems(procedure.fulfils.when, file, '/fulfils/when'));
  if (procedure.extends) problems.push(...logicProblems(procedure.extends.when, file, '/extends/when'));
  if (procedure.recipients.some((rule) => rule.region === 'kreisOfLocation') && !procedure.location) {
    problems.push({ file, path: '/location', message: 'is required when a recipient is found by "kreisOfLocation"' });
  }
  procedure.recipients.forEach((rule, index) => {
    if ((rule.region === 'chosenInField') !== (rule.field !== undefined)) {
      problems.push({ file, path: `/recipients/${index}/field`, message: 'is required with region "chosenInField" and allowed only there' });
    }
  });
  return problems;
}

/** The top-level coordinate field a `location` pointer names, if the form has one. */
function locationProblems(procedure: ProcedureDefinition, form: FormDefinition, file: string): PackProblem[] {
  if (!procedure.location) return [];
  const [key, ...rest] = pointerTokens(procedure.location);
  let fields = form.pages.flatMap((page) => page.fields);
  let field = fields.find((f) => f.type !== 'help' && f.key === key);
  for (const part of rest) {
    fields = field && field.type === 'group' ? field.fields : [];
    field = fields.find((f) => f.type !== 'help' && f.key === part);
  }
  return field?.type === 'coordinate' ? [] : [{ file, path: '/location', message: `"${procedure.location}" is not a coordinate field of the form (outside repeats)` }];
}

/**
 * Posting fields have unique keys, and each `answer` names a choice field of the form (its code
 * list gives the choices); `multiple` needs one, since free text is one value.
 */
function postingFieldProblems(procedure: ProcedureDefinition, form: FormDefinition, file: string): PackProblem[] {
  const fields = procedure.calls?.postingFields ?? [];
  return fields.flatMap((field, index): PackProblem[] => {
    const at = `/calls/postingFields/${index}`;
    if (fields.findIndex((other) => other.key === field.key) !== index) return [{ file, path: `${at}/key`, message: `"${field.key}" is declared twice` }];
    if (field.answer === undefined) return field.multiple ? [{ file, path: `${at}/multiple`, message: 'is allowed only with "answer" (the choices come from its code list)' }] : [];
    return choicesAt(form, field.answer) ? [] : [{ file, path: `${at}/answer`, message: `"${field.answer}" is not a choice field of the form (outside repeats)` }];
  });
}

const pointerPattern = /^(\/[a-zA-Z][a-zA-Z0-9_]*)+$/;
/** Types an answer may be copied into: the same type, or a text field from any text-like one. */
const textLike = new Set(['text', 'longText', 'email', 'phone', 'iban']);

/** The field a prefill rule may write: a value field of the form outside repeats (no file: blobs stay with their application). */
function prefillTargetProblem(form: FormDefinition, pointer: string): string | undefined {
  if (!pointerPattern.test(pointer)) return `"${pointer}" is not an answer pointer (e.g. "/notification")`;
  const field = fieldAt(form, pointer);
  if (!field) return `"${pointer}" is not a field of the form (outside repeats)`;
  if (field.type === 'group' || field.type === 'repeat' || field.type === 'help' || field.type === 'file')
    return `"${pointer}" is a ${field.type} field; only single answers can be prefilled`;
  return undefined;
}

/** A fixed answer fits its field: one of a single choice's values, a boolean for yes/no, a number for numbers, else text. */
function fixedValueProblem(form: FormDefinition, target: string, value: string | number | boolean): string | undefined {
  const field = fieldAt(form, target)!;
  const choices = choicesAt(form, target);
  if (field.type === 'singleChoice')
    return choices?.some((choice) => choice.value === value) ? undefined : `${JSON.stringify(value)} is not a value of the code list of "${target}"`;
  const expected = field.type === 'yesNo' ? 'boolean' : field.type === 'integer' || field.type === 'decimal' || field.type === 'currency' ? 'number' : 'string';
  return field.type !== 'multiChoice' && typeof value === expected ? undefined : `${JSON.stringify(value)} does not fit the ${field.type} field "${target}"`;
}

/** Each earlier procedure once; every target a prefillable field of this form; `duty` only from a procedure this one fulfils. */
function prefillProblems(procedure: ProcedureDefinition, form: FormDefinition, file: string): PackProblem[] {
  const rules = procedure.prefill ?? [];
  return rules.flatMap((rule, index): PackProblem[] => {
    const at = `/prefill/${index}`;
    if (rules.findIndex((other) => other.from === rule.from) !== index) return [{ file, path: `${at}/from`, message: `"${rule.from}" is named twice` }];
    return Object.entries(rule.set).flatMap(([target, source]) => {
      const problem = prefillTargetProblem(form, target) ?? (typeof source === 'object' ? fixedValueProblem(form, target, source.value) : undefined);
      return problem ? [{ file, path: childPointer(`${at}/set`, target), message: problem }] : [];
    });
  });
}

/**
 * Across packs: a prefill rule's `from` is a pack of the same folder, and each answer pointer it
 * reads names a field of that pack's form whose answers fit the target field.
 */
export function crossPackProblems(packs: readonly LoadedPack[], root: string): PackProblem[] {
  const byKey = new Map(packs.map((pack) => [pack.procedure.key, pack]));
  return packs.flatMap((pack) => {
    const file = path.join(path.relative(projectPath('.'), root) || root, pack.procedure.key, 'procedure.json');
    return (pack.procedure.prefill ?? []).flatMap((rule, index): PackProblem[] => {
      const at = `/prefill/${index}`;
      const earlier = byKey.get(rule.from);
      if (!earlier) return [{ file, path: `${at}/from`, message: `"${rule.from}" is not a procedure pack` }];
      return Object.entries(rule.set).flatMap(([target, source]): PackProblem[] => {
        if (typeof source === 'object' || source === 'reference' || source === 'duty') return [];
        const from = fieldAt(earlier.form, source);
        const to = fieldAt(pack.form, target);
        const where = childPointer(`${at}/set`, target);
        if (!from || from.type === 'help') return [{ file, path: where, message: `"${source}" is not a field of the form of "${rule.from}" (outside repeats)` }];
        if (to && to.type !== from.type && !((to.type === 'text' || to.type === 'longText') && textLike.has(from.type))) {
          return [
            {
              file,
              path: where,
              message: `${/^[aeiou]/.test(from.type) ? 'an' : 'a'} ${from.type} answer ("${source}" of "${rule.from}") does not fit the ${to.type} field "${target}"`,
            },
          ];
        }
        return [];
      });
    });
  });
}

/** A pack's documents as read from its folder or held by the studio's working copy (docs/studio.md). */
export interface PackDocuments {
  procedure: unknown;
  form: unknown;
  /** Null when the pack has none. */
  workflow: unknown;
  templates: Record<string, string>;
  demo: unknown;
}

/**
 * Loads `<folder>/procedure.json`, `form.json`, and `workflow.json` with `templates/` as they are
 * (the cases module checks those); throws `ProcedurePackError` listing every problem.
 */
export function loadPack(folder: string): LoadedPack {
  const name = path.basename(folder);
  const relative = path.relative(projectPath('.'), folder) || folder;
  const problems: PackProblem[] = [];
  const procedure = readJson(path.join(folder, 'procedure.json'), path.join(relative, 'procedure.json'), problems);
  const form = readJson(path.join(folder, 'form.json'), path.join(relative, 'form.json'), problems);
  const workflow = fs.existsSync(path.join(folder, 'workflow.json')) ? readJson(path.join(folder, 'workflow.json'), path.join(relative, 'workflow.json'), problems) : null;
  const templates = readTemplates(path.join(folder, 'templates'), path.join(relative, 'templates'), problems);
  const demo = fs.existsSync(path.join(folder, 'demo.json')) ? readJson(path.join(folder, 'demo.json'), path.join(relative, 'demo.json'), problems) : null;
  if (problems.length) throw new ProcedurePackError(problems);
  return checkPack(name, relative, { procedure, form, workflow, templates, demo });
}

/**
 * Checks a pack's documents (the procedure's key must be `name`; problems name files under
 * `label`) and computes its content hash: what `loadPack` does after reading the folder, and what
 * the studio does with a working copy. Throws `ProcedurePackError` listing every problem.
 */
export function checkPack(name: string, label: string, documents: PackDocuments): LoadedPack {
  const procedureFile = path.join(label, 'procedure.json');
  const formFile = path.join(label, 'form.json');
  const problems: PackProblem[] = procedureProblems(documents.procedure, procedureFile, name);
  let form: FormDefinition | undefined;
  try {
    form = parseFormDefinition(documents.form);
  } catch (error) {
    if (!(error instanceof FormDefinitionError)) throw error;
    problems.push(...error.problems.map((p) => ({ file: formFile, path: p.path, message: p.message })));
  }
  const procedure = documents.procedure as ProcedureDefinition;
  if (form && problems.length === 0)
    problems.push(...locationProblems(procedure, form, procedureFile), ...postingFieldProblems(procedure, form, procedureFile), ...prefillProblems(procedure, form, procedureFile));
  if (problems.length || !form) throw new ProcedurePackError(problems);

  const { workflow: workflowDocument, templates, demo: demoDocument } = documents;
  const formDocument = documents.form as Record<string, unknown>;
  const hash = (content: unknown) => crypto.createHash('sha256').update(canonicalJson(content)).digest('hex');
  const formOnlyHash = hash({ procedure, form: formDocument });
  // A pack without workflow and templates keeps the hash it always had.
  const contentHash =
    workflowDocument === null && Object.keys(templates).length === 0 ? formOnlyHash : hash({ procedure, form: formDocument, workflow: workflowDocument, templates });
  return { procedure, formDocument, form, workflowDocument, templates, demoDocument, contentHash, formOnlyHash };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The files directly under a pack's `templates/` folder, by name (sorted, so the hash does not
 * depend on the file system). Templates are texts (letters and messages with placeholders): a
 * file that is not UTF-8 is a problem, not silently changed into replacement characters.
 */
function readTemplates(folder: string, label: string, problems: PackProblem[]): Record<string, string> {
  if (!fs.existsSync(folder)) return {};
  const names = fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  const texts: Record<string, string> = {};
  for (const name of names) {
    try {
      texts[name] = utf8.decode(fs.readFileSync(path.join(folder, name)));
    } catch {
      problems.push({ file: path.join(label, name), path: '', message: 'is not a UTF-8 text file (templates are texts)' });
    }
  }
  return texts;
}

/** Every pack under `procedures/` (or another root), by folder name. */
export function loadAllPacks(root = projectPath('procedures')): LoadedPack[] {
  if (!fs.existsSync(root)) return [];
  const packs = fs
    .readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, entry.name, 'procedure.json')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => loadPack(path.join(root, name)));
  const problems = crossPackProblems(packs, root);
  if (problems.length) throw new ProcedurePackError(problems);
  return packs;
}

/** `procedure.json` as a JSON Schema file for editors (`amtsweg procedures schema`). */
export function procedureJsonSchema(): string {
  return jsonSchemaFile(ProcedureSchema, { id: 'https://amtsweg.de/schemas/procedure.schema.json', title: 'Amtsweg procedure (procedure.json)' });
}
