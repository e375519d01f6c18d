import type { AppContext } from '../../core/context.js';
import { BadInputError, NotFoundError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { getProcedureVersion, type ProcedureVersion } from '../procedures/index.js';
import { authorize, type Actor } from './access.js';

/**
 * The studio's preview of a procedure version (docs/studio.md): its pages, check page and receipt
 * exactly as an applicant sees them, with answers that are held only in the preview itself.
 *
 * Why the answers travel with the pages instead of in a draft: a draft is an application, and
 * every application is seen by steering's counters, the submission listeners and the Postfach; a
 * preview that never touches the database cannot reach any of them, and it needs no clean-up.
 * The answers are JSON, base64url-encoded and signed with the cookie secret, in a hidden field of
 * every form and in the `antworten` query of every link. Signing keeps a link made by someone else
 * from putting answers into the previewer's pages; the answers are checked on every page anyway.
 */

export type PreviewAnswers = Record<string, unknown>;

/** The query parameter and hidden field that carry the answers. */
export const answersParameter = 'antworten';

export function sealAnswers(app: HttpApp, answers: PreviewAnswers): string {
  return app.signCookie(Buffer.from(JSON.stringify(answers)).toString('base64url'));
}

/** The answers of a sealed value; none without one; a value that is not ours is refused (400). */
export function openAnswers(app: HttpApp, sealed: unknown): PreviewAnswers {
  if (sealed === undefined || sealed === '') return {};
  const refused = new BadInputError([{ pointer: `/${answersParameter}`, code: 'applications.preview.badAnswers' }]);
  if (typeof sealed !== 'string') throw refused;
  const { valid, value } = app.unsignCookie(sealed);
  if (!valid || value === null) throw refused;
  const answers = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) throw refused;
  return answers as PreviewAnswers;
}

/** A version to preview, in any state: whoever may read the studio may preview it. */
export async function versionToPreview(ctx: AppContext, actor: Actor, key: string, version: number): Promise<ProcedureVersion> {
  authorize(actor, 'procedures.studio.read', { tenantId: actor.tenantId });
  const found = await getProcedureVersion(ctx, key, version);
  if (!found) throw new NotFoundError('procedures.studio.versionNotFound');
  return found;
}
