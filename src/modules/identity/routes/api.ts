import { Type } from 'typebox';
import { AuthenticationRequiredError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import type { Actor } from '../../access/index.js';

/** What the API says about the caller: lets a connected system check its token and scopes. */
function describe(actor: Actor) {
  switch (actor.kind) {
    case 'apiClient':
      return { kind: actor.kind, clientId: actor.clientId, authorityId: actor.authorityId, scopes: actor.scopes };
    case 'staff':
      return { kind: actor.kind, accountId: actor.accountId, name: actor.name, memberships: actor.memberships };
    case 'citizen':
      return { kind: actor.kind, accountId: actor.accountId, name: actor.name, trustLevel: actor.trustLevel, actingFor: actor.actingFor };
    default:
      return { kind: actor.kind };
  }
}

export async function identityApiRoutes(app: HttpApp): Promise<void> {
  app.get(
    '/api/v1/me',
    {
      schema: {
        summary: 'Who the caller is (API client, staff member or citizen)',
        tags: ['identity'],
        security: [{ bearerAuth: [] }],
        response: { 200: Type.Object({ kind: Type.String() }, { additionalProperties: true }) },
      },
    },
    async (request) => {
      if (request.actor.kind === 'anonymous') throw new AuthenticationRequiredError();
      return describe(request.actor);
    },
  );
}
