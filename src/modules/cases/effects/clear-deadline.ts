import { defineEffect } from './effect.js';
import { Name } from '../workflow/primitives.js';

/** Clears the open deadline of a kind (e.g. the applicant's reply came in). */
export const clearDeadline = defineEffect({
  name: 'clearDeadline',
  schema: Name,
  changesDeadlines: true,
  async apply(kind, { event, clearDeadlines }) {
    await clearDeadlines(kind);
    event('deadlineCleared', { kind });
  },
});
