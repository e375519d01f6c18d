import { Type } from 'typebox';
import type { Actor } from '../../access/index.js';
import type { AppContext } from '../../../core/context.js';
import type { HttpApp } from '../../../core/module.js';
import { maxPage, searchRecords } from './service.js';

const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the text or the Betreff of Akte/Vorgang; all must occur (German stemming)' })),
  aktenzeichen: Type.Optional(Type.String({ maxLength: 100, description: 'The beginning of the Aktenzeichen of the Akte or Vorgang' })),
  party: Type.Optional(Type.String({ maxLength: 200, description: 'A name of the sender or recipient' })),
  from: Type.Optional(Type.String({ maxLength: 10, description: 'Document date from (YYYY-MM-DD), inclusive' })),
  to: Type.Optional(Type.String({ maxLength: 10, description: 'Document date to (YYYY-MM-DD), inclusive' })),
  kind: Type.Optional(Type.String({ maxLength: 40, description: 'Dokumenttyp, e.g. bescheid' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: maxPage })),
});

const Reference = Type.Object({ id: Type.String(), aktenzeichen: Type.String(), subject: Type.String() });
const SearchResult = Type.Object({
  hits: Type.Array(
    Type.Object({
      document: Type.Object({
        id: Type.String(),
        title: Type.String(),
        kind: Type.String(),
        direction: Type.String(),
        documentDate: Type.String(),
        sender: Type.Union([Type.String(), Type.Null()]),
        recipient: Type.Union([Type.String(), Type.Null()]),
      }),
      process: Reference,
      file: Reference,
    }),
  ),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  hasMore: Type.Boolean(),
});

/** `GET /api/v1/records/search`: the records search for API clients and staff sessions (not logged as a read; the hits' reads are). */
export async function recordSearchApiRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  app.get(
    '/api/v1/records/search',
    {
      schema: {
        tags: ['records'],
        security: [{ bearerAuth: [] }],
        summary: 'Searches the Dokumente the caller may read (metadata only, newest first, 20 a page)',
        querystring: SearchQuery,
        response: { 200: SearchResult },
      },
    },
    async (request) => searchRecords(ctx, request.actor as Actor, request.query),
  );
}
