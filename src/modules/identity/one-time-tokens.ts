import type { AppContext } from '../../core/context.js';
import { DomainError } from '../../core/errors.js';
import type { Executor } from '../../core/db/index.js';
import { hashToken, randomToken } from './secrets.js';
import type { OneTimeTokenTable } from './tables.js';

type Purpose = OneTimeTokenTable['purpose'];

const lifetimeMilliseconds: Record<Purpose, number> = {
  'verify-email': 48 * 3_600_000,
  'reset-password': 60 * 60_000,
  'change-email': 24 * 3_600_000,
};

/** One message for unknown, expired and used links: a link either works or it does not. */
export class InvalidLinkError extends DomainError {
  constructor() {
    super(410, 'identity.link.invalid');
  }
}

/** Issues a link token; an earlier unused token of the same purpose stops working. */
export async function issueToken(db: Executor, ctx: AppContext, token: { tenantId: string; accountId: string; purpose: Purpose; data?: string }): Promise<string> {
  const now = ctx.clock.now();
  await db
    .updateTable('one_time_tokens')
    .set({ used_at: now.toISOString() })
    .where('tenant_id', '=', token.tenantId)
    .where('account_id', '=', token.accountId)
    .where('purpose', '=', token.purpose)
    .where('used_at', 'is', null)
    .execute();
  const value = randomToken();
  await db
    .insertInto('one_time_tokens')
    .values({
      token_hash: hashToken(value),
      tenant_id: token.tenantId,
      account_id: token.accountId,
      purpose: token.purpose,
      data: token.data ?? null,
      expires_at: new Date(now.getTime() + lifetimeMilliseconds[token.purpose]).toISOString(),
      used_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  return value;
}

/** The token's row if it can still be used (without using it up), else throws InvalidLinkError. */
export async function peekToken(db: Executor, ctx: AppContext, tenantId: string, purpose: Purpose, value: string): Promise<OneTimeTokenTable> {
  if (!value || value.length > 200) throw new InvalidLinkError();
  const row = await db
    .selectFrom('one_time_tokens')
    .selectAll()
    .where('token_hash', '=', hashToken(value))
    .where('tenant_id', '=', tenantId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= ctx.clock.now().toISOString()) throw new InvalidLinkError();
  return row;
}

/** Uses the token up (conditionally, so two concurrent uses cannot both succeed). */
export async function consumeToken(db: Executor, ctx: AppContext, tenantId: string, purpose: Purpose, value: string): Promise<OneTimeTokenTable> {
  const row = await peekToken(db, ctx, tenantId, purpose, value);
  const result = await db
    .updateTable('one_time_tokens')
    .set({ used_at: ctx.clock.now().toISOString() })
    .where('token_hash', '=', row.token_hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new InvalidLinkError();
  return row;
}
