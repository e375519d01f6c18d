import jsonLogic from 'json-logic-js';
import type { AppContext } from '../../core/context.js';
import { DomainError } from '../../core/errors.js';
import { kreisForPoint, listAuthoritiesByKind, responsibleAuthorities, type Authority } from '../catalog/index.js';
import '../forms/index.js'; // registers the forms engine's JSON-logic operations (maxOf, count, …)
import type { FormDefinition, LocalText } from '../forms/index.js';
import type { ProcedureDefinition, RecipientRule } from './model.js';
import { valueAt } from '../../core/json-pointer.js';

/**
 * Who receives an application: each routing rule whose `when` holds names an authority kind,
 * found in the tenant's catalogue either for the whole Land or for the Kreis the application's
 * location lies in (the Zuständigkeit of the place).
 */

export interface Recipient {
  authority: Authority;
  reason: LocalText | null;
}

/** No authority could be found for a rule (e.g. the tenant has none of that kind). */
export class RoutingError extends DomainError {
  constructor(kind: string) {
    super(422, 'procedures.routing.noAuthority', { kind });
  }
}

type Data = Record<string, unknown>;

/** The Kreis AGS of the procedure's location field in the (normalised) answers, by the tenant's base maps. */
export async function kreisOfLocation(ctx: AppContext, tenantId: string, procedure: ProcedureDefinition, answers: Data): Promise<string | null> {
  if (!procedure.location) return null;
  const point = valueAt(answers, procedure.location) as { lon?: unknown; lat?: unknown } | undefined;
  if (typeof point?.lon !== 'number' || typeof point.lat !== 'number') return null;
  return kreisForPoint(ctx, tenantId, point.lon, point.lat);
}

/** The scope routing expressions see: the answers, plus the computed values again under `computed`. */
function routingScope(form: FormDefinition, answers: Data): Data {
  const computed = Object.fromEntries((form.computed ?? []).map((c) => [c.key, answers[c.key] ?? null]));
  return { ...answers, computed };
}

export function ruleApplies(rule: RecipientRule, scope: Data): boolean {
  if (rule.when === null || typeof rule.when !== 'object') return jsonLogic.truthy(rule.when);
  return jsonLogic.truthy(jsonLogic.apply(rule.when as jsonLogic.RulesLogic, scope));
}

/** An authority key of the kind, or a region AGS (digits) resolved through the service's Zuständigkeit. */
async function chosenAuthority(ctx: AppContext, tenantId: string, procedure: ProcedureDefinition, kind: Authority['kind'], choice: unknown): Promise<Authority | undefined> {
  if (typeof choice !== 'string' || choice === '') return undefined;
  if (/^\d+$/.test(choice)) {
    const responsible = await responsibleAuthorities(ctx, tenantId, procedure.service, choice);
    return responsible.find((entry) => entry.authority.kind === kind)?.authority;
  }
  return (await listAuthoritiesByKind(ctx, tenantId, kind)).find((authority) => authority.key === choice);
}

/**
 * A Land-wide authority of the kind; an authority chosen in an answer; or the one the catalogue's jurisdictions name for the
 * service at the location's Kreis (so e.g. a LaSuB Standort serving several Kreise is found too).
 */
async function authorityFor(ctx: AppContext, tenantId: string, procedure: ProcedureDefinition, rule: RecipientRule, answers: Data, kreisAgs: string | null): Promise<Authority> {
  const kind = rule.authorityKind as Authority['kind'];
  let found: Authority | undefined;
  if (rule.region === 'land') {
    const candidates = await listAuthoritiesByKind(ctx, tenantId, kind);
    found = candidates.find((authority) => authority.regionAgs.length === 2) ?? (candidates.length === 1 ? candidates[0] : undefined);
  } else if (rule.region === 'chosenInField') {
    found = await chosenAuthority(ctx, tenantId, procedure, kind, valueAt(answers, rule.field!));
  } else if (kreisAgs !== null) {
    const responsible = await responsibleAuthorities(ctx, tenantId, procedure.service, kreisAgs);
    found = responsible.find((entry) => entry.authority.kind === kind)?.authority;
  }
  if (!found) throw new RoutingError(rule.authorityKind);
  return found;
}

/** The recipient authorities for valid, normalised answers; each authority once, in rule order. */
export async function resolveRecipients(ctx: AppContext, tenantId: string, procedure: ProcedureDefinition, form: FormDefinition, answers: Data): Promise<Recipient[]> {
  const scope = routingScope(form, answers);
  const kreisAgs = await kreisOfLocation(ctx, tenantId, procedure, answers);
  const recipients = new Map<string, Recipient>();
  for (const rule of procedure.recipients) {
    if (!ruleApplies(rule, scope)) continue;
    const authority = await authorityFor(ctx, tenantId, procedure, rule, answers, kreisAgs);
    if (!recipients.has(authority.id)) recipients.set(authority.id, { authority, reason: rule.reason ?? null });
  }
  return [...recipients.values()];
}
