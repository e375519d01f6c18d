import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { parseWrittenDate } from '../../../core/calendar/index.js';
import type { AppContext } from '../../../core/context.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { csrfTokenValid } from '../../../web/csrf.js';
import { sendPage } from '../../../web/render.js';
import { can, type Actor } from '../../access/index.js';
import { getAuthority, listAllAuthorities } from '../../catalog/index.js';
import { requireSignedIn } from '../../identity/index.js';
import { planTreeToCsv } from './csv.js';
import type { RecordsMode } from '../tables.js';
import type { Plan, PlanUnit, UnitFields } from './model.js';
import { HistoryPage } from './pages/history.js';
import { formErrors, noErrors, planPath, plansPath, settingsPath, type FormErrors } from './pages/common.js';
import { PlanPage } from './pages/plan.js';
import { PlansPage, sharedValue, type AuthorityChoice } from './pages/plans.js';
import { SettingsPage, type SettingsValues } from './pages/settings.js';
import { topLevel, UnitPage, type UnitFormValues } from './pages/unit.js';
import {
  createPlan,
  createUnit,
  exportPlanTree,
  getPlan,
  getRecordSettings,
  importPlanCsv,
  listPlans,
  planHistory,
  retireUnit,
  saveRecordSettings,
  updateUnit,
} from './service.js';
import { formatRetention, parseRetention } from './validation.js';
import { exportPlanXdomea, importPlanXdomea } from './xdomea.js';

const hide = { hide: true };
const planParams = Type.Object({ planId: Type.String({ maxLength: 40 }) });
const unitParams = Type.Object({ planId: Type.String({ maxLength: 40 }), unitId: Type.String({ maxLength: 40 }) });
const authorityParams = Type.Object({ authorityId: Type.String({ maxLength: 40 }) });
type PlanParams = { planId: string };
type UnitParams = PlanParams & { unitId: string };

/** Largest CSV file the import reads: a plan of a few thousand units is far below. */
const maxCsvBytes = 2 * 1024 * 1024;

/** An XDOMEA message (XML, after an optional byte-order mark) or package (a ZIP); anything else is read as CSV. */
function isXdomea(file: Buffer): boolean {
  const text = file
    .subarray(0, 64)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return text.startsWith('<') || file.subarray(0, 2).toString('latin1') === 'PK';
}

function field(request: FastifyRequest, name: string, maxLength = 300): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, maxLength + 1) : '';
}

/** A date field: a browser without a date picker sends what the person typed (01.01.2026); the service takes ISO dates. */
function dateField(request: FastifyRequest, name: string): string {
  const value = field(request, name, 10).trim();
  return parseWrittenDate(value) ?? value;
}

/** The version a form was based on; a missing one means "don't check". */
function formVersion(value: unknown): number | undefined {
  const version = Number(value);
  return Number.isInteger(version) && version > 0 ? version : undefined;
}

/** Whether the actor reads the plan of any authority (or the shared one): who sees these pages at all. */
export function usesPlanPages(actor: Actor): boolean {
  return actor.kind === 'staff' && actor.memberships.some((m) => can(actor, 'records.plan.read', { tenantId: actor.tenantId, authorityId: m.authorityId }));
}

const unitValues = (unit: PlanUnit | undefined): UnitFormValues => ({
  kennzeichen: unit?.kennzeichen ?? '',
  title: unit?.title ?? '',
  parentId: unit?.parentId ?? topLevel,
  retentionYears: unit ? formatRetention(unit.retentionYears) : '',
  disposal: unit?.disposal ?? '',
  formation: unit?.formation ?? 'case',
  validFrom: unit?.validFrom ?? '',
  validTo: unit?.validTo ?? '',
  reason: '',
});

function readUnitValues(request: FastifyRequest): UnitFormValues {
  return {
    kennzeichen: field(request, 'kennzeichen', 50).trim(),
    title: field(request, 'title'),
    parentId: field(request, 'parentId', 40),
    retentionYears: field(request, 'retentionYears', 12),
    disposal: field(request, 'disposal', 2),
    formation: field(request, 'formation', 20),
    validFrom: dateField(request, 'validFrom'),
    validTo: dateField(request, 'validTo'),
    reason: field(request, 'reason', 1000).trim(),
  };
}

function toUnitFields(values: UnitFormValues): UnitFields {
  return {
    kennzeichen: values.kennzeichen,
    title: values.title,
    retentionYears: parseRetention(values.retentionYears),
    disposal: values.disposal as UnitFields['disposal'],
    formation: values.formation as UnitFields['formation'],
    validFrom: values.validFrom || null,
    validTo: values.validTo || null,
  };
}

/**
 * The Aktenplan administration under /verwaltung/aktenplan: thin adapters over the service, which
 * decides who may read and edit. Anonymous visitors are sent to sign in; staff without a records
 * role get 403.
 */
export async function recordsPlanRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  const mayUse = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (!requireSignedIn(request, reply)) return false;
    if (!usesPlanPages(request.actor)) throw new ForbiddenError();
    return true;
  };

  const authorityName = async (tenantId: string, id: string | null) => (id ? ((await getAuthority(ctx, tenantId, id))?.name ?? id) : null);

  /** Authorities the actor holds `action` at: all of the tenant's for a tenant-wide role, else those of its memberships. */
  const authoritiesWith = async (actor: Actor, action: 'records.plan.read' | 'records.plan.edit', plans: Plan[]): Promise<AuthorityChoice[]> => {
    if (actor.kind !== 'staff') return [];
    const tenantWide = actor.memberships.some((m) => m.authorityId === null && can(actor, action, { tenantId: actor.tenantId, authorityId: null }));
    // Tenant-wide readers see the authorities that have a plan; tenant-wide editors may create one for any authority.
    const ids =
      tenantWide && action === 'records.plan.read'
        ? plans.flatMap((p) => (p.authorityId ? [p.authorityId] : []))
        : actor.memberships.flatMap((m) => (m.authorityId && can(actor, action, { tenantId: actor.tenantId, authorityId: m.authorityId }) ? [m.authorityId] : []));
    const all =
      tenantWide && action === 'records.plan.edit'
        ? await listAllAuthorities(ctx, actor.tenantId)
        : await Promise.all([...new Set(ids)].map((id) => getAuthority(ctx, actor.tenantId, id)));
    return all.flatMap((a) => (a ? [{ id: a.id, name: a.name }] : [])).sort((a, b) => a.name.localeCompare(b.name, 'de'));
  };

  const plansPage = async (request: FastifyRequest, reply: FastifyReply, values = { authorityId: '', title: '', validFrom: '' }, errors: FormErrors = noErrors, status = 200) => {
    const actor = request.actor;
    const plans = await listPlans(ctx, actor);
    const names = new Map(await Promise.all(plans.map(async (p) => [p.authorityId ?? '', (await authorityName(actor.tenantId, p.authorityId)) ?? ''] as const)));
    const [editable, settings] = await Promise.all([authoritiesWith(actor, 'records.plan.edit', plans), authoritiesWith(actor, 'records.plan.read', plans)]);
    const mayCreateShared = can(actor, 'records.plan.edit', { tenantId: actor.tenantId, authorityId: null });
    return sendPage(reply, PlansPage({ view: request.view, plans, authorityName: (id) => names.get(id) ?? id, editable, mayCreateShared, settings, values, errors }), status);
  };

  app.get(plansPath, { schema: hide }, async (request, reply) => {
    if (!mayUse(request, reply)) return reply;
    return plansPage(request, reply);
  });

  app.post(plansPath, { schema: hide }, async (request, reply) => {
    if (!mayUse(request, reply)) return reply;
    const values = { authorityId: field(request, 'authorityId', 40), title: field(request, 'title'), validFrom: dateField(request, 'validFrom') };
    try {
      const plan = await createPlan(ctx, request.actor, {
        authorityId: values.authorityId === sharedValue ? null : values.authorityId,
        title: values.title,
        validFrom: values.validFrom || null,
      });
      return reply.redirect(planPath(plan), 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return plansPage(request, reply, values, formErrors(request.view, error.fields), 422);
    }
  });

  // ---- one plan ----

  const notices = ['angelegt', 'gespeichert', 'stillgelegt', 'importiert'] as const;

  const planPage = async (
    request: FastifyRequest<{ Params: PlanParams }>,
    reply: FastifyReply,
    extra: { notice?: string; importReason?: string; errors?: FormErrors } = {},
    status = 200,
  ) => {
    const { plan, tree, mayEdit } = await getPlan(ctx, request.actor, request.params.planId);
    return sendPage(
      reply,
      PlanPage({
        view: request.view,
        plan,
        authorityName: await authorityName(plan.tenantId, plan.authorityId),
        tree,
        mayEdit,
        notice: extra.notice,
        importReason: extra.importReason ?? '',
        errors: extra.errors ?? noErrors,
      }),
      status,
    );
  };

  app.get<{ Params: PlanParams; Querystring: { hinweis?: string; neu?: string; geaendert?: string } }>(
    `${plansPath}/:planId`,
    {
      schema: {
        ...hide,
        params: planParams,
        querystring: Type.Object({
          hinweis: Type.Optional(Type.String({ maxLength: 20 })),
          neu: Type.Optional(Type.String({ maxLength: 6 })),
          geaendert: Type.Optional(Type.String({ maxLength: 6 })),
        }),
      },
    },
    async (request, reply) => {
      if (!mayUse(request, reply)) return reply;
      const notice = notices.find((n) => n === request.query.hinweis);
      const counts = { created: Number(request.query.neu) || 0, updated: Number(request.query.geaendert) || 0 };
      return planPage(request, reply, { notice: notice && request.view.t(`recordsPlan.notice.${notice}`, counts) });
    },
  );

  app.get<{ Params: PlanParams }>(`${plansPath}/:planId/aktenplan.csv`, { schema: { ...hide, params: planParams } }, async (request, reply) => {
    if (!mayUse(request, reply)) return reply;
    const tree = await exportPlanTree(ctx, request.actor, request.params.planId);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="aktenplan-${request.params.planId}.csv"`)
      .header('cache-control', 'private, no-store')
      .send(planTreeToCsv(tree));
  });

  /** The import form is multipart (a file); its CSRF token is checked here once the fields have arrived. */
  app.post<{ Params: PlanParams }>(`${plansPath}/:planId/import`, { schema: { ...hide, params: planParams }, config: { csrf: false } }, async (request, reply) => {
    if (!mayUse(request, reply)) return reply;
    if (!request.isMultipart()) return reply.status(415).send();
    const fields: Record<string, string> = {};
    let file: Buffer = Buffer.alloc(0);
    let tooLarge = false;
    for await (const part of request.parts({ limits: { fileSize: maxCsvBytes } })) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value.slice(0, 2000);
        continue;
      }
      const bytes = await part.toBuffer().catch(() => ((tooLarge = true), Buffer.alloc(0)));
      if (part.fieldname === 'csv') file = bytes;
    }
    if (!csrfTokenValid(app, request, reply, fields._csrf)) return reply;
    const reason = (fields.reason ?? '').trim();
    try {
      if (tooLarge) throw new ValidationError([{ pointer: '/csv', code: 'recordsPlan.import.tooLarge' }]);
      const options = { reason, expectedVersion: formVersion(fields.version) };
      const result = isXdomea(file)
        ? await importPlanXdomea(ctx, request.actor, request.params.planId, file, options)
        : await importPlanCsv(ctx, request.actor, request.params.planId, file.toString('utf8'), options);
      return reply.redirect(`${planPath({ id: request.params.planId })}?hinweis=importiert&neu=${result.created.length}&geaendert=${result.updated.length}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return planPage(request, reply, { importReason: reason, errors: formErrors(request.view, error.fields) }, 422);
      if (error instanceof ConflictError) return planPage(request, reply, { importReason: reason, errors: formErrors(request.view, [{ pointer: '/csv', code: error.code }]) }, 409);
      throw error;
    }
  });

  app.get<{ Params: PlanParams }>(`${plansPath}/:planId/aktenplan.xml`, { schema: { ...hide, params: planParams } }, async (request, reply) => {
    if (!mayUse(request, reply)) return reply;
    const xml = await exportPlanXdomea(ctx, request.actor, request.params.planId);
    return reply
      .type('application/xml; charset=utf-8')
      .header('content-disposition', `attachment; filename="aktenplan-${request.params.planId}.0301.xml"`)
      .header('cache-control', 'private, no-store')
      .send(xml);
  });

  app.get<{ Params: PlanParams }>(`${plansPath}/:planId/historie`, { schema: { ...hide, params: planParams } }, async (request, reply) => {
    if (!mayUse(request, reply)) return reply;
    const [{ plan }, changes] = await Promise.all([getPlan(ctx, request.actor, request.params.planId), planHistory(ctx, request.actor, request.params.planId)]);
    return sendPage(reply, HistoryPage({ view: request.view, plan, changes }));
  });

  // ---- units ----

  /** The unit form (new when `unitId` is absent); only editors get it. */
  const unitPage = async (
    request: FastifyRequest<{ Params: PlanParams & { unitId?: string } }>,
    reply: FastifyReply,
    extra: { values?: UnitFormValues; errors?: FormErrors; retireReason?: string; retireErrors?: FormErrors } = {},
    status = 200,
  ) => {
    const { plan, units, mayEdit } = await getPlan(ctx, request.actor, request.params.planId);
    if (!mayEdit) throw new ForbiddenError();
    const unit = request.params.unitId === undefined ? undefined : units.find((u) => u.id === request.params.unitId);
    if (request.params.unitId !== undefined && !unit) return reply.callNotFound();
    const parents = units.filter((u) => !u.retired && u.id !== unit?.id).sort((a, b) => a.kennzeichen.localeCompare(b.kennzeichen, 'de', { numeric: true }));
    return sendPage(
      reply,
      UnitPage({
        view: request.view,
        plan,
        unit,
        parents,
        values: extra.values ?? unitValues(unit),
        errors: extra.errors ?? noErrors,
        retireReason: extra.retireReason,
        retireErrors: extra.retireErrors,
      }),
      status,
    );
  };

  /** Runs a unit change from a form: back to the plan on success, the form with its errors otherwise. */
  const saveUnit = async (
    request: FastifyRequest<{ Params: PlanParams & { unitId?: string } }>,
    reply: FastifyReply,
    save: (values: UnitFormValues, expectedVersion: number | undefined) => Promise<unknown>,
    notice: (typeof notices)[number],
  ) => {
    if (!mayUse(request, reply)) return reply;
    const values = readUnitValues(request);
    try {
      await save(values, formVersion(field(request, 'version', 12)));
      return reply.redirect(`${planPath({ id: request.params.planId })}?hinweis=${notice}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) return unitPage(request, reply, { values, errors: formErrors(request.view, error.fields) }, 422);
      if (error instanceof ConflictError) return unitPage(request, reply, { values, errors: formErrors(request.view, [{ pointer: '/kennzeichen', code: error.code }]) }, 409);
      throw error;
    }
  };

  app.get<{ Params: PlanParams }>(`${plansPath}/:planId/einheiten/neu`, { schema: { ...hide, params: planParams } }, async (request, reply) => {
    if (!mayUse(request, reply)) return reply;
    return unitPage(request, reply);
  });

  app.post<{ Params: PlanParams }>(`${plansPath}/:planId/einheiten/neu`, { schema: { ...hide, params: planParams } }, (request, reply) =>
    saveUnit(
      request,
      reply,
      (values, expectedVersion) =>
        createUnit(ctx, request.actor, request.params.planId, { parentId: values.parentId || null, fields: toUnitFields(values), reason: values.reason || null, expectedVersion }),
      'angelegt',
    ),
  );

  app.get<{ Params: UnitParams }>(`${plansPath}/:planId/einheiten/:unitId`, { schema: { ...hide, params: unitParams } }, async (request, reply) => {
    if (!mayUse(request, reply)) return reply;
    return unitPage(request, reply);
  });

  app.post<{ Params: UnitParams }>(`${plansPath}/:planId/einheiten/:unitId`, { schema: { ...hide, params: unitParams } }, (request, reply) =>
    saveUnit(
      request,
      reply,
      (values, expectedVersion) =>
        updateUnit(ctx, request.actor, request.params.planId, request.params.unitId, {
          parentId: values.parentId || null,
          fields: toUnitFields(values),
          reason: values.reason || null,
          expectedVersion,
        }),
      'gespeichert',
    ),
  );

  app.post<{ Params: UnitParams }>(`${plansPath}/:planId/einheiten/:unitId/stilllegen`, { schema: { ...hide, params: unitParams } }, async (request, reply) => {
    if (!mayUse(request, reply)) return reply;
    const reason = field(request, 'reason', 1000).trim();
    try {
      await retireUnit(ctx, request.actor, request.params.planId, request.params.unitId, { reason, expectedVersion: formVersion(field(request, 'version', 12)) });
      return reply.redirect(`${planPath({ id: request.params.planId })}?hinweis=stillgelegt`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
      const fields = error instanceof ValidationError ? error.fields.map((f) => ({ ...f, pointer: '/retireReason' })) : [{ pointer: '/retireReason', code: error.code }];
      return unitPage(request, reply, { retireReason: reason, retireErrors: formErrors(request.view, fields) }, error instanceof ValidationError ? 422 : 409);
    }
  });

  // ---- records settings of an authority ----

  const settingsPage = async (
    request: FastifyRequest<{ Params: { authorityId: string }; Querystring?: unknown }>,
    reply: FastifyReply,
    extra: { values?: SettingsValues; errors?: FormErrors; saved?: boolean } = {},
    status = 200,
  ) => {
    const actor = request.actor;
    const settings = await getRecordSettings(ctx, actor, request.params.authorityId);
    const authority = await getAuthority(ctx, actor.tenantId, request.params.authorityId);
    if (!authority) return reply.callNotFound();
    const values = extra.values ?? {
      planId: settings.planId ?? '',
      fileNumberPattern: settings.fileNumberPattern,
      mode: settings.mode,
      handoverTarget: settings.handoverTarget ?? '',
    };
    return sendPage(
      reply,
      SettingsPage({ view: request.view, authority, plans: settings.plans, values, mayEdit: settings.mayEdit, saved: extra.saved ?? false, errors: extra.errors ?? noErrors }),
      status,
    );
  };

  app.get<{ Params: { authorityId: string }; Querystring: { gespeichert?: string } }>(
    `${plansPath}/einstellungen/:authorityId`,
    { schema: { ...hide, params: authorityParams, querystring: Type.Object({ gespeichert: Type.Optional(Type.String({ maxLength: 2 })) }) } },
    async (request, reply) => {
      if (!mayUse(request, reply)) return reply;
      return settingsPage(request, reply, { saved: request.query.gespeichert === '1' });
    },
  );

  app.post<{ Params: { authorityId: string } }>(`${plansPath}/einstellungen/:authorityId`, { schema: { ...hide, params: authorityParams } }, async (request, reply) => {
    if (!mayUse(request, reply)) return reply;
    const values: SettingsValues = {
      planId: field(request, 'planId', 40),
      fileNumberPattern: field(request, 'fileNumberPattern', 100).trim(),
      mode: field(request, 'mode', 20),
      handoverTarget: field(request, 'handoverTarget', 500).trim(),
    };
    try {
      await saveRecordSettings(ctx, request.actor, request.params.authorityId, {
        planId: values.planId,
        fileNumberPattern: values.fileNumberPattern,
        mode: values.mode as RecordsMode,
        handoverTarget: values.handoverTarget || null,
      });
      return reply.redirect(`${settingsPath(request.params.authorityId)}?gespeichert=1`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return settingsPage(request, reply, { values, errors: formErrors(request.view, error.fields) }, 422);
    }
  });
}
