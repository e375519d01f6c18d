import { appendAudit } from '../../core/audit/index.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { getAuthority } from '../catalog/index.js';
import { auditActor, type Actor } from '../access/index.js';
import { apiClientScopes, authorize } from '../access/index.js';
import { hashToken, randomToken } from './secrets.js';
import { FieldErrors } from './validation.js';

/**
 * Connected systems (Fachverfahren) call the API with a bearer token of an API client. A client
 * belongs to one authority and may do only the actions in its scopes, only for that authority.
 * Tokens are shown once and stored as their SHA-256.
 */
export interface ApiClient {
  id: string;
  authorityId: string;
  name: string;
  tokenPrefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const tokenPrefix = 'aw_';

export async function createApiClient(
  ctx: AppContext,
  actor: Actor,
  tenantId: string,
  input: { name?: unknown; authorityId?: unknown; scopes?: unknown },
): Promise<{ client: ApiClient; token: string }> {
  authorize(actor, 'apiClient.manage', { tenantId });
  const errors = new FieldErrors();
  const name = errors.requireText('name', input.name);
  const authorityId = typeof input.authorityId === 'string' ? input.authorityId.trim() : '';
  if (!authorityId || authorityId.length > 100 || !(await getAuthority(ctx, tenantId, authorityId))) errors.add('authorityId', 'identity.staff.authorityUnknown');
  const requested = Array.isArray(input.scopes) ? input.scopes : typeof input.scopes === 'string' ? [input.scopes] : [];
  const scopes = [...new Set(requested.filter((s): s is string => typeof s === 'string'))];
  if (scopes.length === 0 || scopes.some((s) => !(apiClientScopes as string[]).includes(s))) errors.add('scopes', 'identity.apiClient.scopesInvalid');
  if (!errors.empty) throw new ValidationError(errors.list);
  const token = `${tokenPrefix}${randomToken()}`;
  const now = ctx.clock.now().toISOString();
  const client: ApiClient = { id: newId(), authorityId, name, tokenPrefix: token.slice(0, 10), scopes, createdAt: now, lastUsedAt: null, revokedAt: null };
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .insertInto('api_clients')
      .values({
        id: client.id,
        tenant_id: tenantId,
        authority_id: authorityId,
        name,
        token_hash: hashToken(token),
        token_prefix: client.tokenPrefix,
        scopes: JSON.stringify(scopes),
        created_by: auditActor(actor).id ?? '',
        created_at: now,
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await appendAudit(trx, ctx, { tenantId, actor: auditActor(actor), action: 'apiClient.create', objectType: 'apiClient', objectId: client.id, details: { authorityId, scopes } });
  });
  return { client, token };
}

export async function listApiClients(ctx: AppContext, actor: Actor, tenantId: string): Promise<ApiClient[]> {
  authorize(actor, 'apiClient.manage', { tenantId });
  const rows = await ctx.db.selectFrom('api_clients').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
  return rows.map((row) => ({
    id: row.id,
    authorityId: row.authority_id,
    name: row.name,
    tokenPrefix: row.token_prefix,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
}

export async function revokeApiClient(ctx: AppContext, actor: Actor, tenantId: string, clientId: string): Promise<void> {
  authorize(actor, 'apiClient.manage', { tenantId });
  await inTransaction(ctx.db, async (trx) => {
    const result = await trx
      .updateTable('api_clients')
      .set({ revoked_at: ctx.clock.now().toISOString() })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', clientId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new NotFoundError();
    await appendAudit(trx, ctx, { tenantId, actor: auditActor(actor), action: 'apiClient.revoke', objectType: 'apiClient', objectId: clientId });
  });
}

/** Token use is audited at most once an hour per client: often enough to see who calls, without a write per request. */
const useAuditInterval = 3_600_000;

/** The actor for a bearer token, or undefined for an unknown or revoked token. */
export async function actorForApiToken(ctx: AppContext, tenantId: string, token: string): Promise<Actor | undefined> {
  if (!token.startsWith(tokenPrefix) || token.length > 200) return undefined;
  const row = await ctx.db.selectFrom('api_clients').selectAll().where('token_hash', '=', hashToken(token)).where('tenant_id', '=', tenantId).executeTakeFirst();
  if (!row || row.revoked_at) return undefined;
  const now = ctx.clock.now();
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() >= useAuditInterval) {
    await inTransaction(ctx.db, async (trx) => {
      await trx.updateTable('api_clients').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
      await appendAudit(trx, ctx, { tenantId, actor: { type: 'api-client', id: row.id }, action: 'apiClient.use', objectType: 'apiClient', objectId: row.id });
    });
  }
  return { kind: 'apiClient', tenantId, clientId: row.id, authorityId: row.authority_id, scopes: JSON.parse(row.scopes) as string[] };
}
