import { Type } from 'typebox';

/**
 * The schema parts every file of a procedure pack shares (procedure.json, form.json and
 * workflow.json), defined once so that the three formats agree and the published JSON Schemas
 * (`amtsweg procedures schema`) describe them alike.
 */

/** A text in both languages the portal speaks. */
export const LocalText = Type.Object({ de: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) }, { additionalProperties: false });

/** A JSON-logic expression (its operators are checked separately: some must never run on a pack's data). */
export const Logic = Type.Union([Type.Boolean(), Type.Number(), Type.String(), Type.Null(), Type.Object({})]);

/** A JSON pointer into an application's answers, e.g. `/bohrung/tiefe`. */
export const AnswerPointer = Type.String({ pattern: '^(/[a-zA-Z][a-zA-Z0-9_]*)+$' });
