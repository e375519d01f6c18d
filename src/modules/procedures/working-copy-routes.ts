import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../core/context.js';
import { ConflictError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { sendPage } from '../../web/render.js';
import { requireSignedIn } from '../identity/index.js';
import { UnknownAuthorityKindError } from './authority-kinds.js';
import { ProcedurePackError, type PackProblem } from './pack.js';
import { studioPath, versionPath } from './pages.js';
import { WorkingCopyPage, type WorkingCopyPageProps } from './working-copy-pages.js';
import { saveWorkingCopyAsDraft, workingCopy } from './working-copy.js';

type KeyParams = { key: string };
const keyParams = Type.Object({ key: Type.String({ maxLength: 63 }) });
const noticeQuery = Type.Object({ hinweis: Type.Optional(Type.String({ maxLength: 20 })) });
const hide = { hide: true };

/** The revision a form was made on (its hidden field); undefined when there is none, which no stored revision matches. */
export function revisionOfBody(body: unknown): number | undefined {
  const value = (body as Record<string, unknown> | undefined)?.revision;
  return typeof value === 'string' && /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : undefined;
}

/** The problems of a working copy that cannot be stored, as the pack check names them. */
function problemsOf(error: unknown): PackProblem[] | undefined {
  if (error instanceof ProcedurePackError) return error.problems;
  if (error instanceof UnknownAuthorityKindError) {
    const { kind, file, pointer } = error.use;
    return [{ file, path: pointer, message: `names the authority kind "${kind}", which no authority of any tenant has` }];
  }
  return undefined;
}

/**
 * The working copy's editor under /verwaltung/verfahren/<key>/arbeitsstand (docs/studio.md):
 * plain forms, one change per POST, each naming the revision it was made on; after a change the
 * browser is sent back to the editor (PRG). A refusal shows the editor again with the message.
 */
export async function workingCopyRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  const editorPage = async (request: FastifyRequest<{ Params: KeyParams }>, reply: FastifyReply, extra: Omit<WorkingCopyPageProps, 'view' | 'copy'> = {}, status = 200) => {
    const copy = await workingCopy(ctx, request.actor, request.params.key);
    return sendPage(reply, WorkingCopyPage({ view: request.view, copy, ...extra }), status);
  };

  app.get<{ Params: KeyParams; Querystring: { hinweis?: string } }>(
    `${studioPath}/:key/arbeitsstand`,
    { schema: { ...hide, params: keyParams, querystring: noticeQuery } },
    async (request, reply) => {
      if (!requireSignedIn(request, reply)) return reply;
      return editorPage(request, reply, { notice: request.query.hinweis === 'started' ? 'started' : undefined });
    },
  );

  app.post<{ Params: KeyParams }>(`${studioPath}/:key/arbeitsstand/entwurf`, { schema: { ...hide, params: keyParams } }, async (request, reply) => {
    if (!requireSignedIn(request, reply)) return reply;
    const { key } = request.params;
    try {
      const result = await saveWorkingCopyAsDraft(ctx, request.actor, key, revisionOfBody(request.body) ?? 0);
      return reply.redirect(`${versionPath(key, result.version)}?hinweis=${result.created ? 'saved' : 'unchanged'}`, 303);
    } catch (error) {
      const problems = problemsOf(error);
      if (problems) return editorPage(request, reply, { problems }, 422);
      if (error instanceof ConflictError) return editorPage(request, reply, { error: { code: error.code, params: error.params } }, error.status);
      throw error;
    }
  });
}
