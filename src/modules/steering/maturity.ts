import { appendAudit } from '../../core/audit/index.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { NotFoundError, ValidationError, type FieldError } from '../../core/errors.js';
import type { Language } from '../../core/i18n/index.js';
import { auditActor, authorize, type Actor } from '../access/index.js';
import { issuesDecisionToPostfach } from '../cases/index.js';
import { authoritiesByService, getAuthorities, listAllServices, listLebenslagen, textOf, type Service } from '../catalog/index.js';
import { listCurrentProcedures } from '../procedures/index.js';

/**
 * OZG maturity (Reifegrad) per service of the catalogue, derived from what the platform knows:
 * 0 no description, 1 a description online, 2 a form to download, 3 an online procedure,
 * 4 an online procedure whose decision reaches the applicant's Postfach. A service run on another
 * platform is set by hand, with the reason (audited). Counts of services single nobody out, so they
 * are shown as they are (suppression applies to counts of applications and cases).
 */

export const maturityLevels = [0, 1, 2, 3, 4] as const;
export type MaturityLevel = (typeof maturityLevels)[number];
/** The OZG target: every relevant service at level 3 or more. */
export const targetLevel = 3;

export interface ServiceMaturity {
  serviceId: string;
  serviceKey: string;
  name: string;
  themenfeld: string | null;
  derived: MaturityLevel;
  /** The level set by hand, with its reason; null when the derived level holds. */
  override: { level: MaturityLevel; reason: string; changedAt: string } | null;
  level: MaturityLevel;
}

/** How many services are at each level, and how far the group is from the target. */
export interface MaturityGroup {
  key: string;
  label: string;
  services: number;
  /** Index = level. */
  byLevel: number[];
  atTarget: number;
  /** Share (0–1) of the services at the target level or above. */
  targetShare: number;
  missing: number;
}

export interface MaturityFigures {
  services: ServiceMaturity[];
  total: MaturityGroup;
  byLebenslage: MaturityGroup[];
  byThemenfeld: MaturityGroup[];
  byAuthority: MaturityGroup[];
}

/** The level the platform's own knowledge gives a service. */
export function derivedLevel(service: Service, published: ReadonlySet<string>, deliversDecision: (procedureKey: string) => boolean): MaturityLevel {
  if (service.procedureKey && published.has(service.procedureKey)) return deliversDecision(service.procedureKey) ? 4 : 3;
  const text = service.texts.de ?? Object.values(service.texts)[0];
  if (!text || !(text.shortText.trim() || text.fullText.trim())) return 0;
  return text.forms.length > 0 ? 2 : 1;
}

function groupOf(key: string, label: string, services: readonly ServiceMaturity[]): MaturityGroup {
  const byLevel = maturityLevels.map((level) => services.filter((s) => s.level === level).length);
  const atTarget = services.filter((s) => s.level >= targetLevel).length;
  return { key, label, services: services.length, byLevel, atTarget, targetShare: services.length ? atTarget / services.length : 0, missing: services.length - atTarget };
}

function groupsBy(services: readonly ServiceMaturity[], keysOf: (s: ServiceMaturity) => readonly string[], labelOf: (key: string) => string): MaturityGroup[] {
  const members = new Map<string, ServiceMaturity[]>();
  for (const service of services) for (const key of keysOf(service)) (members.get(key) ?? members.set(key, []).get(key)!).push(service);
  return [...members.entries()].map(([key, list]) => groupOf(key, labelOf(key), list)).sort((a, b) => a.label.localeCompare(b.label, 'de'));
}

export async function maturityFigures(ctx: AppContext, actor: Actor, tenantId: string, lang: Language): Promise<MaturityFigures> {
  authorize(actor, 'steering.read', { tenantId });
  const [catalogue, published, lebenslagen, serving, overrides] = await Promise.all([
    listAllServices(ctx, tenantId),
    listCurrentProcedures(ctx).then((versions) => new Set(versions.map((v) => v.procedure.key))),
    listLebenslagen(ctx, tenantId),
    authoritiesByService(ctx, tenantId),
    ctx.db.selectFrom('steering_maturity_overrides').selectAll().where('tenant_id', '=', tenantId).execute(),
  ]);
  const overridden = new Map(overrides.map((row) => [row.service_id, row]));
  const services = catalogue
    .map((service): ServiceMaturity => {
      const derived = derivedLevel(service, published, (key) => issuesDecisionToPostfach(ctx, key));
      const row = overridden.get(service.id);
      const override = row ? { level: Number(row.level) as MaturityLevel, reason: row.reason, changedAt: row.changed_at } : null;
      return {
        serviceId: service.id,
        serviceKey: service.key,
        name: textOf(service, lang).name,
        themenfeld: service.themenfeld,
        derived,
        override,
        level: override?.level ?? derived,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const lebenslagenOf = new Map(catalogue.map((s) => [s.id, s.lebenslagen]));
  const lageNames = new Map(lebenslagen.map((lage) => [lage.key, lage.names[lang]]));
  const authorityNames = new Map((await getAuthorities(ctx, tenantId, [...new Set([...serving.values()].flat())])).map((a) => [a.id, a.name]));
  return {
    services,
    total: groupOf('all', '', services),
    byLebenslage: groupsBy(
      services,
      (s) => lebenslagenOf.get(s.serviceId) ?? [],
      (key) => lageNames.get(key) ?? key,
    ),
    byThemenfeld: groupsBy(
      services,
      (s) => (s.themenfeld ? [s.themenfeld] : []),
      (key) => key,
    ),
    byAuthority: groupsBy(
      services,
      (s) => serving.get(s.serviceId) ?? [],
      (key) => authorityNames.get(key) ?? key,
    ),
  };
}

export interface MaturityOverrideInput {
  /** 0–4, or empty to return to the derived level. */
  level: string;
  reason: string;
}

/** Sets (or removes, with an empty level) the Reifegrad of a service by hand; a reason is always needed. Audited. */
export async function setMaturityOverride(ctx: AppContext, actor: Actor, tenantId: string, serviceKey: string, input: MaturityOverrideInput): Promise<void> {
  authorize(actor, 'steering.maturity.edit', { tenantId });
  const service = (await listAllServices(ctx, tenantId)).find((s) => s.key === serviceKey);
  if (!service) throw new NotFoundError();
  const problems: FieldError[] = [];
  const levelText = input.level.trim();
  const level = levelText === '' ? null : Number(levelText);
  if (level !== null && !maturityLevels.includes(level as MaturityLevel)) problems.push({ pointer: '/level', code: 'steering.maturity.levelInvalid' });
  const reason = input.reason.trim();
  if (reason === '') problems.push({ pointer: '/reason', code: 'steering.maturity.reasonRequired' });
  else if (reason.length > 1000) problems.push({ pointer: '/reason', code: 'steering.maturity.reasonTooLong', params: { max: 1000 } });
  if (problems.length) throw new ValidationError(problems);
  await inTransaction(ctx.db, async (trx) => {
    const changedAt = ctx.clock.now().toISOString();
    await trx.deleteFrom('steering_maturity_overrides').where('tenant_id', '=', tenantId).where('service_id', '=', service.id).execute();
    if (level !== null)
      await trx
        .insertInto('steering_maturity_overrides')
        .values({ tenant_id: tenantId, service_id: service.id, level, reason, changed_by: auditActor(actor).id ?? '', changed_at: changedAt })
        .execute();
    await appendAudit(trx, ctx, {
      tenantId,
      actor: auditActor(actor),
      action: 'steering.maturity.override',
      objectType: 'service',
      objectId: service.id,
      details: { level, reason },
    });
  });
}
