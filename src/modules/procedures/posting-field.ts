import { type Static, Type } from 'typebox';
import { AnswerPointer, LocalText } from '../../core/pack-schema.js';

/**
 * One attribute of a call's postings as the pack declares it under `calls.postingFields` (for
 * teachers: the school, its Schulart and the subjects). With `answer` the value is a code of the
 * choice field the applicant answers there, so the form's code list offers and words the choices;
 * without it the value is free text. Defined once: the pack check uses the schema, the calls module the type.
 */
export const PostingFieldSchema = Type.Object(
  {
    /** The attribute's name in the posting's `attributes` (and in its field pointer `/attributes/<key>`). */
    key: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9]{0,62}$' }),
    label: LocalText,
    hint: Type.Optional(LocalText),
    /** A choice field of the form (e.g. `/schulart`, `/subjects/first`) whose code list gives the choices. */
    answer: Type.Optional(AnswerPointer),
    /** Several choices (checkboxes) instead of one (radios); only with `answer`. */
    multiple: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export type PostingField = Static<typeof PostingFieldSchema>;
