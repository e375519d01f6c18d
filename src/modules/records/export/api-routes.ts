import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Actor } from '../../access/index.js';
import type { AppContext } from '../../../core/context.js';
import type { HttpApp } from '../../../core/module.js';
import { exportFile, exportFormats, type ExportResult } from './akteneinsicht.js';
import { evidenceRecord } from './evidence.js';

/** `/api/v1/records/files/:id/export` (Akteneinsicht) and `/evidence` (the evidence record). */

const tags = ['records'];
const security = [{ bearerAuth: [] }];
const actorOf = (request: FastifyRequest) => request.actor as Actor;
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** A download: the exported bytes with their name; never sniffed, never cached. */
export const attachmentHeaders = (result: Pick<ExportResult, 'fileName' | 'mediaType'>) => ({
  'Content-Type': result.mediaType,
  'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(result.fileName)}`,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'private, no-store',
});

export async function recordExportApiRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  app.post(
    '/api/v1/records/files/:id/export',
    {
      schema: {
        tags,
        security,
        summary: 'Akteneinsicht (§ 29 VwVfG): the Akte or chosen documents as one PDF or a ZIP (audited)',
        params: IdParams,
        body: Type.Object({
          format: Type.String({ maxLength: 10, description: `${exportFormats.join(' or ')}` }),
          documentIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 1000, description: 'the documents to export; all when absent' })),
          recipient: Type.String({ maxLength: 500, description: 'for whom: the applicant, their lawyer, a court' }),
          purpose: Type.String({ maxLength: 1000, description: 'why: the request or the court’s file number' }),
        }),
      },
    },
    async (request, reply) => {
      const result = await exportFile(ctx, actorOf(request), request.params.id, request.body);
      return reply.headers(attachmentHeaders(result)).send(result.bytes);
    },
  );

  app.get(
    '/api/v1/records/files/:id/evidence',
    {
      schema: {
        tags,
        security,
        summary: 'The evidence record of an Akte: SHA-256 hash tree over every version, with the audit chain entries (the read is logged)',
        params: IdParams,
      },
    },
    async (request) => evidenceRecord(ctx, actorOf(request), request.params.id),
  );
}
