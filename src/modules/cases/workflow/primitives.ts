import { Type } from 'typebox';

/**
 * The building blocks of the workflow format that the document schema (schema.ts) and every
 * effect's own schema (../effects) share. They live apart so that an effect can describe its
 * value without importing the document it is part of.
 */

export const Text = Type.Object({ de: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) }, { additionalProperties: false });
export const Name = Type.String({ pattern: '^[a-z][a-zA-Z0-9]{0,62}$' });
export const Logic = Type.Union([Type.Boolean(), Type.Number(), Type.String(), Type.Null(), Type.Object({})]);
export const Pointer = Type.String({ pattern: '^(/[a-zA-Z][a-zA-Z0-9_]*)+$' });
export const Days = Type.Integer({ minimum: 1, maximum: 3650 });
/** A value an effect takes from one of the action's inputs. */
export const FromInput = Type.Object({ input: Name }, { additionalProperties: false });
