import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { AppContext } from '../../../core/context.js';
import { DomainError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { guardStaffApi } from '../../access/index.js';
import { planTreeToCsv } from './csv.js';
import { flattenTree, maxReasonLength, maxRetentionYears, type Plan, type PlanUnit } from './model.js';
import { exportPlanXdomea, importPlanXdomea } from './xdomea.js';
import {
  createPlan,
  createUnit,
  exportPlanTree,
  getPlan,
  getRecordSettings,
  importPlanCsv,
  importPlanRows,
  listPlans,
  planHistory,
  retireUnit,
  saveRecordSettings,
  updateUnit,
} from './service.js';

/**
 * `/api/v1/records/plans` and `/api/v1/records/settings` for connected systems and staff
 * sessions: the same service functions as the pages (`records.plan.read` to read,
 * `records.plan.edit` to write); refusals as problem+json with field pointers.
 */

const tags = ['records'];
const security = [{ bearerAuth: [] }];

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const DateText = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });
const Reason = Type.String({ maxLength: maxReasonLength, description: 'Why: kept in the change history' });
const Version = Type.Integer({ minimum: 1, description: 'The plan version the change is based on; a stale one is refused with 409' });

const UnitFieldsSchema = {
  kennzeichen: Type.String({ maxLength: 60, description: 'e.g. 52.10.20; unique in the plan' }),
  title: Type.String({ maxLength: 400 }),
  retentionYears: Nullable(Type.Integer({ minimum: 0, maximum: maxRetentionYears, description: 'years after the zdA year ends; null = unbefristet' })),
  disposal: Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('V')], { description: 'Aussonderungsart: A archivwürdig, B bewerten, V vernichten' }),
  formation: Type.Union([Type.Literal('case'), Type.Literal('applicant'), Type.Literal('site'), Type.Literal('year')], {
    description: 'how Akten are formed when filing automatically',
  }),
  validFrom: Nullable(DateText),
  validTo: Nullable(DateText),
};

const UnitBody = Type.Object({ parentId: Nullable(Type.String({ maxLength: 40 })), ...UnitFieldsSchema, reason: Type.Optional(Nullable(Reason)), version: Type.Optional(Version) });
const UnitRow = Type.Object({
  ...UnitFieldsSchema,
  parent: Nullable(Type.String({ maxLength: 60, description: 'the parent’s Kennzeichen, on an earlier row' })),
  retired: Type.Boolean(),
});
type UnitBodyValue = Static<typeof UnitBody>;

const ImportQuery = Type.Object({ reason: Type.String({ maxLength: maxReasonLength }), version: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$' })) });
const PlanParams = Type.Object({ planId: Type.String({ maxLength: 40 }) });
const UnitParams = Type.Object({ planId: Type.String({ maxLength: 40 }), unitId: Type.String({ maxLength: 40 }) });

const publicPlan = (plan: Plan) => ({
  id: plan.id,
  authorityId: plan.authorityId,
  title: plan.title,
  version: plan.version,
  validFrom: plan.validFrom,
  createdAt: plan.createdAt,
  updatedAt: plan.updatedAt,
});
const publicUnit = (unit: PlanUnit) => ({
  id: unit.id,
  parentId: unit.parentId,
  kennzeichen: unit.kennzeichen,
  title: unit.title,
  retentionYears: unit.retentionYears,
  disposal: unit.disposal,
  formation: unit.formation,
  validFrom: unit.validFrom,
  validTo: unit.validTo,
  retired: unit.retired,
  position: unit.position,
});
const unitInput = (body: UnitBodyValue) => ({
  parentId: body.parentId,
  fields: {
    kennzeichen: body.kennzeichen.trim(),
    title: body.title,
    retentionYears: body.retentionYears,
    disposal: body.disposal,
    formation: body.formation,
    validFrom: body.validFrom,
    validTo: body.validTo,
  },
  reason: body.reason ?? null,
  expectedVersion: body.version,
});

export async function recordsPlanApiRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  guardStaffApi(app, ['/api/v1/records/plans', '/api/v1/records/settings'], ['records.plan.read', 'records.plan.edit']);
  app.get('/api/v1/records/plans', { schema: { tags, security, summary: 'The Aktenpläne the caller may read' } }, async (request) => ({
    items: (await listPlans(ctx, request.actor)).map(publicPlan),
  }));

  app.post(
    '/api/v1/records/plans',
    {
      schema: {
        tags,
        security,
        summary: 'Creates an Aktenplan of an authority (or the tenant’s shared one: authorityId null)',
        body: Type.Object({
          authorityId: Nullable(Type.String({ maxLength: 40 })),
          title: Type.String({ maxLength: 400 }),
          validFrom: Type.Optional(Nullable(DateText)),
          reason: Type.Optional(Nullable(Reason)),
        }),
      },
    },
    async (request, reply) => {
      const { authorityId, title, validFrom = null, reason = null } = request.body;
      return reply.status(201).send(publicPlan(await createPlan(ctx, request.actor, { authorityId, title, validFrom, reason })));
    },
  );

  app.get(
    '/api/v1/records/plans/:planId',
    { schema: { tags, security, summary: 'An Aktenplan with its units (flat; parentId links them)', params: PlanParams } },
    async (request) => {
      const { plan, units, mayEdit } = await getPlan(ctx, request.actor, request.params.planId);
      return { ...publicPlan(plan), mayEdit, units: units.map(publicUnit) };
    },
  );

  app.get(
    '/api/v1/records/plans/:planId/changes',
    { schema: { tags, security, summary: 'The change history, newest first: each unit’s before and after, who and why', params: PlanParams } },
    async (request) => ({
      items: (await planHistory(ctx, request.actor, request.params.planId)).map((c) => ({
        planVersion: c.planVersion,
        change: c.change,
        unitId: c.unitId,
        before: c.before,
        after: c.after,
        actor: c.actorName,
        reason: c.reason,
        at: c.createdAt,
      })),
    }),
  );

  app.post('/api/v1/records/plans/:planId/units', { schema: { tags, security, summary: 'Creates a unit', params: PlanParams, body: UnitBody } }, async (request, reply) => {
    const { unit, version } = await createUnit(ctx, request.actor, request.params.planId, unitInput(request.body));
    return reply.status(201).send({ unit: publicUnit(unit), planVersion: version });
  });

  app.put(
    '/api/v1/records/plans/:planId/units/:unitId',
    { schema: { tags, security, summary: 'Changes (or moves) a unit; a reason is required', params: UnitParams, body: UnitBody } },
    async (request) => {
      const { unit, version } = await updateUnit(ctx, request.actor, request.params.planId, request.params.unitId, unitInput(request.body));
      return { unit: publicUnit(unit), planVersion: version };
    },
  );

  app.post(
    '/api/v1/records/plans/:planId/units/:unitId/retirement',
    {
      schema: {
        tags,
        security,
        summary: 'Retires (stilllegen) a unit and everything below it',
        params: UnitParams,
        body: Type.Object({ reason: Reason, version: Type.Optional(Version) }),
      },
    },
    async (request) => {
      const { retired, version } = await retireUnit(ctx, request.actor, request.params.planId, request.params.unitId, {
        reason: request.body.reason,
        expectedVersion: request.body.version,
      });
      return { retired, planVersion: version };
    },
  );

  app.get(
    '/api/v1/records/plans/:planId/tree',
    { schema: { tags, security, summary: 'The plan as rows without ids (parents before children): what an import takes', params: PlanParams } },
    async (request) => {
      const tree = await exportPlanTree(ctx, request.actor, request.params.planId);
      return { title: tree.title, validFrom: tree.validFrom, units: flattenTree(tree.units) };
    },
  );

  app.put(
    '/api/v1/records/plans/:planId/tree',
    {
      schema: {
        tags,
        security,
        summary: 'Imports units all or nothing: matched by Kennzeichen, new ones created, changed ones updated, others left as they are',
        params: PlanParams,
        body: Type.Object({ units: Type.Array(UnitRow, { maxItems: 20_000 }), reason: Reason, version: Type.Optional(Version) }),
      },
    },
    async (request) =>
      importPlanRows(
        ctx,
        request.actor,
        request.params.planId,
        request.body.units.map((u) => ({ ...u, kennzeichen: u.kennzeichen.trim() })),
        { reason: request.body.reason, expectedVersion: request.body.version },
      ),
  );

  await app.register(async (scope) => {
    const files = scope.withTypeProvider<TypeBoxTypeProvider>();
    // CSV and XDOMEA travel as files, not JSON; their parsers are registered in this scope only.
    files.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 2 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    files.get(
      '/api/v1/records/plans/:planId/csv',
      { schema: { tags, security, summary: 'The plan as CSV (columns in docs/records-plan.md)', params: PlanParams } },
      async (request, reply) => {
        const tree = await exportPlanTree(ctx, request.actor, request.params.planId);
        return reply.type('text/csv; charset=utf-8').send(planTreeToCsv(tree));
      },
    );

    files.put(
      '/api/v1/records/plans/:planId/csv',
      { schema: { tags, security, summary: 'Imports a CSV file all or nothing; errors point at /lines/<line>/<column>', params: PlanParams, querystring: ImportQuery } },
      async (request) => {
        if (typeof request.body !== 'string') throw new DomainError(415, 'error.badRequest');
        return importPlanCsv(ctx, request.actor, request.params.planId, request.body, {
          reason: request.query.reason,
          expectedVersion: request.query.version ? Number(request.query.version) : undefined,
        });
      },
    );

    files.addContentTypeParser(['application/xml', 'application/zip'], { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_request, body, done) => done(null, body));

    files.get(
      '/api/v1/records/plans/:planId/xdomea',
      { schema: { tags, security, summary: 'The plan as an XDOMEA 0301 message (Aktenplan.Aktenplan)', params: PlanParams } },
      async (request, reply) => reply.type('application/xml; charset=utf-8').send(await exportPlanXdomea(ctx, request.actor, request.params.planId)),
    );

    files.put(
      '/api/v1/records/plans/:planId/xdomea',
      {
        schema: {
          tags,
          security,
          summary: 'Imports an XDOMEA 0301 message (XML or package) all or nothing; an invalid message is refused at /xml',
          params: PlanParams,
          querystring: ImportQuery,
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body)) throw new DomainError(415, 'error.badRequest');
        return importPlanXdomea(ctx, request.actor, request.params.planId, request.body, {
          reason: request.query.reason,
          expectedVersion: request.query.version ? Number(request.query.version) : undefined,
        });
      },
    );
  });

  const SettingsBody = Type.Object({
    planId: Type.String({ maxLength: 40 }),
    fileNumberPattern: Type.String({ maxLength: 200, description: 'placeholders {kennzeichen}, {seq} or {seq:N}, {yyyy}, {authority}' }),
    mode: Type.Union([Type.Literal('internal'), Type.Literal('xdomea-abgabe')]),
    handoverTarget: Type.Optional(Nullable(Type.String({ maxLength: 600, description: 'for xdomea-abgabe: an absolute folder path or an https URL' }))),
  });
  const AuthorityParams = Type.Object({ authorityId: Type.String({ maxLength: 40 }) });

  app.get(
    '/api/v1/records/settings/:authorityId',
    { schema: { tags, security, summary: 'An authority’s records settings (defaults while none are saved)', params: AuthorityParams } },
    async (request) => {
      const { plans: _plans, ...settings } = await getRecordSettings(ctx, request.actor, request.params.authorityId);
      return settings;
    },
  );

  app.put(
    '/api/v1/records/settings/:authorityId',
    { schema: { tags, security, summary: 'Saves an authority’s records settings', params: AuthorityParams, body: SettingsBody } },
    async (request) => saveRecordSettings(ctx, request.actor, request.params.authorityId, { ...request.body, handoverTarget: request.body.handoverTarget ?? null }),
  );
}
