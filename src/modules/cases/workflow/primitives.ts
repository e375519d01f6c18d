import { Type } from 'typebox';

/**
 * The building blocks of the workflow format that the document schema (schema.ts) and every
 * effect's own schema (../effects) share (those of every pack file come from core/pack-schema.ts).
 * They live apart so that an effect can describe its value without importing the document it is
 * part of.
 */

export { AnswerPointer as Pointer, LocalText as Text, Logic } from '../../../core/pack-schema.js';
export const Name = Type.String({ pattern: '^[a-z][a-zA-Z0-9]{0,62}$' });
export const Days = Type.Integer({ minimum: 1, maximum: 3650 });
/** A value an effect takes from one of the action's inputs. */
export const FromInput = Type.Object({ input: Name }, { additionalProperties: false });
