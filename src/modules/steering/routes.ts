import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { AppContext } from '../../core/context.js';
import type { Language } from '../../core/i18n/index.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { sendPage } from '../../web/render.js';
import { can, guardStaffApi, staffOnly } from '../access/index.js';
import { maturityFigures, setMaturityOverride, type MaturityFigures } from './maturity.js';
import { comparisonFigures, type ComparisonChoice } from './comparison.js';
import { openDataCatalogue, openDatasetCsv, openDatasets, type OpenDatasetName } from './opendata.js';
import { ComparisonPage, MaturityByAuthorityPage, MaturityOverridePage, MaturityPage, OverviewPage, SpeedPage, UsePage, steeringPath, type OverrideForm } from './pages.js';
import { speedFigures } from './speed.js';
import {
  abandonedColumns,
  comparisonColumns,
  maturityCsv,
  maturityGroupColumns,
  speedColumns,
  submitterMonthColumns,
  tableCsv,
  trendColumns,
  useColumns,
  useMonthColumns,
} from './tables.js';
import { useFigures } from './use.js';

/**
 * The steering pages under `/steuerung` and their exports under `/api/v1/steering/` (JSON, and the
 * same table as CSV). The service functions decide who may see them (`steering.read`).
 */

const tags = ['steering'];
const security = [{ bearerAuth: [] }];
const ServiceParams = Type.Object({ serviceKey: Type.String({ maxLength: 200 }) });

function sendCsv(reply: FastifyReply, name: string, csv: string): FastifyReply {
  return reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', `attachment; filename="${name}.csv"`).send(csv);
}

/**
 * One view of the steering as two exports: JSON in the caller's language at `path`, and the same
 * table as CSV for German Excel at `path.csv` (German headers and numbers whatever the language).
 */
interface SteeringExport<F> {
  path: string;
  summary: string;
  querystring?: TSchema;
  /** The CSV's file name, without `.csv`. */
  file: string;
  figures: (request: FastifyRequest, lang: Language) => Promise<F>;
  json: (figures: F) => unknown;
  csv: (figures: F) => string;
}

function exportRoutes<F>(app: HttpApp, route: SteeringExport<F>): void {
  const schema = { tags, security, ...(route.querystring ? { querystring: route.querystring } : {}) };
  app.get(route.path, { schema: { ...schema, summary: route.summary } }, async (request) => route.json(await route.figures(request, request.view.lang)));
  app.get(`${route.path}.csv`, { schema: { ...schema, summary: `${route.summary}, as CSV (German Excel)` } }, async (request, reply) =>
    sendCsv(reply, route.file, route.csv(await route.figures(request, 'de'))),
  );
}

const ComparisonQuery = Type.Object({
  procedure: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(Type.String({ maxLength: 200 })),
  figure: Type.Optional(Type.String({ maxLength: 50 })),
});

/** The choice of a comparison from the query (empty values: no choice). */
function choiceOf(query: unknown): ComparisonChoice {
  const q = (query ?? {}) as Record<string, unknown>;
  const pick = (name: string) => (typeof q[name] === 'string' && q[name] !== '' ? (q[name] as string).slice(0, 200) : undefined);
  return { procedure: pick('procedure'), kind: pick('kind'), figure: pick('figure') };
}

const serviceOf = (figures: MaturityFigures, key: string) => {
  const service = figures.services.find((s) => s.serviceKey === key);
  if (!service) throw new NotFoundError();
  return service;
};

/** "Steuerung" in the header of those who may see it. Synchronous: it runs on every request. */
export async function steeringNavigation(app: HttpApp, _ctx: AppContext): Promise<void> {
  app.addHook('onRequest', (request, _reply, done) => {
    const user = request.viewUser;
    if (user?.staff && can(request.actor, 'steering.read', { tenantId: request.actor.tenantId }))
      user.links = [...(user.links ?? []), { href: steeringPath, labelKey: 'steering.title' }];
    done();
  });
}

/** The origin for absolute links: the request's host if it is one of the tenant's, else BASE_URL (no host-header poisoning). */
function originOf(ctx: AppContext, request: FastifyRequest): string {
  const hostname = request.hostname.toLowerCase();
  if (!request.view.tenant.hosts.some((host) => host.toLowerCase() === hostname)) return ctx.config.baseUrl.replace(/\/$/, '');
  const port = request.port && !['80', '443'].includes(String(request.port)) ? `:${request.port}` : '';
  return `${request.protocol}://${hostname}${port}`;
}

export async function steeringRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  guardStaffApi(app, ['/api/v1/steering'], ['steering.read']);

  // Open data: public by design — monthly aggregates, suppressed as on the pages, no person in them.
  app.get('/offene-daten/katalog.rdf', async (request, reply) =>
    reply.header('Content-Type', 'application/rdf+xml; charset=utf-8').send(openDataCatalogue(ctx, request.view.tenant, originOf(ctx, request))),
  );
  for (const name of Object.keys(openDatasets) as OpenDatasetName[]) {
    app.get(`/offene-daten/${name}.csv`, async (request, reply) =>
      reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `inline; filename="${name}.csv"`)
        .send(await openDatasetCsv(ctx, request.view.tenant.id, name)),
    );
  }

  app.get(steeringPath, async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    return sendPage(reply, OverviewPage({ view: request.view, maturity: await maturityFigures(ctx, actor, request.view.tenant.id, request.view.lang) }));
  });

  app.get(`${steeringPath}/reifegrad`, async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    return sendPage(reply, MaturityPage({ view: request.view, figures: await maturityFigures(ctx, actor, request.view.tenant.id, request.view.lang) }));
  });

  app.get(`${steeringPath}/behoerden`, async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    return sendPage(reply, MaturityByAuthorityPage({ view: request.view, figures: await maturityFigures(ctx, actor, request.view.tenant.id, request.view.lang) }));
  });

  app.get<{ Params: { serviceKey: string } }>(`${steeringPath}/reifegrad/:serviceKey`, async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const figures = await maturityFigures(ctx, actor, request.view.tenant.id, request.view.lang);
    return sendPage(reply, MaturityOverridePage({ view: request.view, service: serviceOf(figures, request.params.serviceKey) }));
  });

  app.post<{ Params: { serviceKey: string } }>(`${steeringPath}/reifegrad/:serviceKey`, async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const form: OverrideForm = { level: typeof body.level === 'string' ? body.level : '', reason: typeof body.reason === 'string' ? body.reason : '', errors: [] };
    const tenantId = request.view.tenant.id;
    try {
      await setMaturityOverride(ctx, actor, tenantId, request.params.serviceKey, form);
      return reply.redirect(`${steeringPath}/reifegrad`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const figures = await maturityFigures(ctx, actor, tenantId, request.view.lang);
      return sendPage(reply, MaturityOverridePage({ view: request.view, service: serviceOf(figures, request.params.serviceKey), form: { ...form, errors: error.fields } }), 422);
    }
  });

  app.get(`${steeringPath}/tempo`, async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    return sendPage(reply, SpeedPage({ view: request.view, figures: await speedFigures(ctx, actor, request.view.tenant.id, request.view.lang) }));
  });

  app.get(`${steeringPath}/nutzung`, async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    return sendPage(reply, UsePage({ view: request.view, figures: await useFigures(ctx, actor, request.view.tenant.id, request.view.lang) }));
  });

  app.get(`${steeringPath}/vergleich`, async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const choice = choiceOf(request.query);
    const tenantId = request.view.tenant.id;
    try {
      return sendPage(reply, ComparisonPage({ view: request.view, figures: await comparisonFigures(ctx, actor, tenantId, request.view.lang, choice), choice }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const figures = await comparisonFigures(ctx, actor, tenantId, request.view.lang);
      return sendPage(reply, ComparisonPage({ view: request.view, figures, choice, errors: error.fields }), 422);
    }
  });

  const use = (request: FastifyRequest, lang: Language) => useFigures(ctx, request.actor, request.view.tenant.id, lang);
  const maturity = (request: FastifyRequest, lang: Language) => maturityFigures(ctx, request.actor, request.view.tenant.id, lang);
  const speed = (request: FastifyRequest, lang: Language) => speedFigures(ctx, request.actor, request.view.tenant.id, lang);
  exportRoutes(app, {
    path: '/api/v1/steering/comparison',
    summary: 'Leistungsvergleich: the authorities of one kind for one procedure side by side (cases per 10,000 inhabitants, median, backlog, share overdue)',
    querystring: ComparisonQuery,
    file: 'leistungsvergleich',
    figures: (request, lang) => comparisonFigures(ctx, request.actor, request.view.tenant.id, lang, choiceOf(request.query)),
    // The choosers' lists (areas, procedures, kinds) serve the page's form, not the export.
    json: ({ areas: _areas, procedures: _procedures, kinds: _kinds, ...figures }) => figures,
    csv: (figures) => tableCsv(comparisonColumns, figures.rows),
  });
  exportRoutes(app, {
    path: '/api/v1/steering/use',
    summary: 'Applications started and submitted, and the completion rate, per procedure and per month',
    file: 'nutzung',
    figures: use,
    json: (figures) => figures,
    csv: (figures) => tableCsv(useColumns, figures.procedures),
  });
  exportRoutes(app, {
    path: '/api/v1/steering/use-months',
    summary: 'Applications started and submitted per month',
    file: 'nutzung-monate',
    figures: use,
    json: (figures) => ({ months: figures.months }),
    csv: (figures) => tableCsv(useMonthColumns, figures.months),
  });
  exportRoutes(app, {
    path: '/api/v1/steering/use-abandoned',
    summary: 'Where abandoned drafts gave up: per procedure and the last page they reached',
    file: 'abgebrochen',
    figures: use,
    json: (figures) => ({ abandonedAfterDays: figures.abandonedAfterDays, abandoned: figures.abandoned }),
    csv: (figures) => tableCsv(abandonedColumns, figures.abandoned),
  });
  exportRoutes(app, {
    path: '/api/v1/steering/use-submitters',
    summary: 'Applications submitted by trust level of the sign-in and by persons vs organisations, per procedure and per procedure and month (CSV: per month)',
    file: 'einreichende',
    figures: use,
    json: (figures) => ({ procedures: figures.submitters, months: figures.submittersByMonth }),
    csv: (figures) => tableCsv(submitterMonthColumns, figures.submittersByMonth),
  });
  exportRoutes(app, {
    path: '/api/v1/steering/maturity',
    summary: 'OZG Reifegrad per service, with totals per Lebenslage, Themenfeld and authority (CSV: per service)',
    file: 'reifegrad',
    figures: maturity,
    json: (figures) => figures,
    csv: maturityCsv,
  });
  exportRoutes(app, {
    path: '/api/v1/steering/maturity-authorities',
    summary: 'OZG Reifegrad per responsible authority',
    file: 'reifegrad-behoerden',
    figures: maturity,
    json: (figures) => ({ authorities: figures.byAuthority }),
    csv: (figures) => tableCsv(maturityGroupColumns, figures.byAuthority),
  });
  app.put(
    '/api/v1/steering/maturity/:serviceKey',
    {
      schema: {
        tags,
        security,
        summary: 'Sets a service’s Reifegrad by hand (level null: back to the derived level); the reason is required',
        params: ServiceParams,
        body: Type.Object({ level: Type.Union([Type.Integer({ minimum: 0, maximum: 4 }), Type.Null()]), reason: Type.String({ maxLength: 1000 }) }),
      },
    },
    async (request, reply) => {
      const { level, reason } = request.body;
      await setMaturityOverride(ctx, request.actor, request.view.tenant.id, request.params.serviceKey, { level: level === null ? '' : String(level), reason });
      return reply.status(204).send();
    },
  );
  exportRoutes(app, {
    path: '/api/v1/steering/speed',
    summary: 'Decision times, deadlines kept and backlog per procedure and authority, and per month (CSV: per procedure and authority)',
    file: 'bearbeitungszeiten',
    figures: speed,
    json: (figures) => figures,
    csv: (figures) => tableCsv(speedColumns, figures.rows),
  });
  exportRoutes(app, {
    path: '/api/v1/steering/trend',
    summary: 'Cases opened and decided per month, with decision times',
    file: 'verlauf',
    figures: speed,
    json: (figures) => ({ months: figures.months }),
    csv: (figures) => tableCsv(trendColumns, figures.months),
  });
}
