import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../core/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { isLanguage, type Language } from '../../core/i18n/index.js';
import type { HttpApp } from '../../core/module.js';
import { sendPage } from '../../web/render.js';
import { authorize } from '../access/index.js';
import {
  conditionsOf,
  findPlace,
  getServiceById,
  jurisdictionHistory,
  listAllAuthorities,
  maxTextLength,
  searchServices,
  serviceJurisdictions,
  serviceTextHistory,
  serviceTextVersion,
  setJurisdiction,
  tenantRegions,
  textOf,
  updateServiceText,
  type Service,
} from '../catalog/index.js';
import { requireSignedIn } from '../identity/index.js';
import { formErrors, noErrors, type FormErrors } from './errors.js';
import { fromFormValues, readFormValues, toFormValues, type FormValues } from './form.js';
import { EditPage, editPath, type EditPageProps } from './pages/edit.js';
import { JurisdictionsPage, jurisdictionsPath, noCondition, type JurisdictionValues, type JurisdictionsPageProps } from './pages/jurisdictions.js';
import { ServiceListPage } from './pages/services.js';
import { VersionPage } from './pages/version.js';

type ServiceParams = { id: string };
type TextParams = { id: string; lang: string };

const serviceParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
const textParams = Type.Object({ id: Type.String({ maxLength: 40 }), lang: Type.String({ maxLength: 5 }) });
const hide = { hide: true };

/** Body fields as strings (urlencoded forms send nothing else we read). */
function field(request: FastifyRequest, name: string, maxLength = 200): string {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value.slice(0, maxLength) : '';
}

/**
 * The catalogue's editing pages under /verwaltung/leistungen, for procedure administrators of
 * the tenant. Anonymous visitors are sent to sign in; signed-in people without the permission
 * get 403 (the catalogue's service functions check it again).
 */
export async function catalogAdminRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  /** Signed in and allowed to edit the catalogue of this tenant; otherwise redirect (false) or ForbiddenError. */
  const mayEdit = (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (!requireSignedIn(request, reply)) return false;
    authorize(request.actor, 'catalog.service.edit', { tenantId: request.view.tenant.id });
    return true;
  };

  const languageOf = (value: string): Language => {
    if (!isLanguage(value)) throw new NotFoundError('catalog.error.serviceNotFound');
    return value;
  };

  app.get('/verwaltung/leistungen', { schema: { ...hide, querystring: Type.Object({ q: Type.Optional(Type.String()) }) } }, async (request, reply) => {
    if (!mayEdit(request, reply)) return reply;
    const { view } = request;
    const query = request.query.q ?? '';
    try {
      const { hits } = await searchServices(ctx, view.tenant.id, view.lang, { q: query });
      if (query.trim()) return sendPage(reply, ServiceListPage({ view, query, services: hits.map((hit) => hit.service), skeletonCount: 0 }));
      // Unsearched, the list shows the tenant's own services; the thousands of LeiKa entries are found by searching.
      const services = hits.map((hit) => hit.service).filter((service) => service.origin === 'tenant');
      services.sort((a, b) => textOf(a, view.lang).name.localeCompare(textOf(b, view.lang).name, view.lang));
      return sendPage(reply, ServiceListPage({ view, query, services, skeletonCount: hits.length - services.length }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, ServiceListPage({ view, query: '', services: [], skeletonCount: 0, error: formErrors(view, error).byField.q }), 400);
    }
  });

  // ---- texts ----

  const editPage = async (request: FastifyRequest<{ Params: TextParams }>, reply: FastifyReply, service: Service, lang: Language, extra: Partial<EditPageProps>, status = 200) => {
    const tenantId = request.view.tenant.id;
    const [history, version] = await Promise.all([serviceTextHistory(ctx, tenantId, service.id), serviceTextVersion(ctx, tenantId, service.id, lang)]);
    const values: FormValues = extra.values ?? toFormValues(textOf(service, lang));
    return sendPage(reply, EditPage({ view: request.view, service, lang, values, version, history, errors: noErrors, ...extra }), status);
  };

  app.get<{ Params: TextParams; Querystring: { gespeichert?: string } }>(
    '/verwaltung/leistungen/:id/:lang',
    { schema: { ...hide, params: textParams, querystring: Type.Object({ gespeichert: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      if (!mayEdit(request, reply)) return reply;
      const lang = languageOf(request.params.lang);
      const service = await getServiceById(ctx, request.view.tenant.id, request.params.id);
      const saved = Number(request.query.gespeichert);
      return editPage(request, reply, service, lang, Number.isInteger(saved) && saved > 0 ? { saved } : {});
    },
  );

  app.post<{ Params: TextParams }>('/verwaltung/leistungen/:id/:lang', { schema: { ...hide, params: textParams } }, async (request, reply) => {
    if (!mayEdit(request, reply)) return reply;
    const lang = languageOf(request.params.lang);
    const tenantId = request.view.tenant.id;
    const service = await getServiceById(ctx, tenantId, request.params.id);
    const values = readFormValues(request.body, maxTextLength);
    const expectedVersion = Number(field(request, 'version', 12));
    try {
      const { version } = await updateServiceText(ctx, request.actor, {
        tenantId,
        serviceId: service.id,
        lang,
        text: fromFormValues(values),
        expectedVersion: Number.isInteger(expectedVersion) ? expectedVersion : -1,
      });
      return reply.redirect(`${editPath(service, lang)}?gespeichert=${version}`, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        return editPage(request, reply, service, lang, { values, errors: formErrors(request.view, error), version: expectedVersion }, 422);
      }
      if (error instanceof ConflictError) {
        // Keep what was typed; the form now carries the current version, so saving again overwrites deliberately.
        const latest = (await serviceTextHistory(ctx, tenantId, service.id)).filter((entry) => entry.lang === lang).pop();
        const current = await serviceTextVersion(ctx, tenantId, service.id, lang);
        return editPage(request, reply, service, lang, { values, conflict: latest ?? { version: current, actorName: null, changedAt: null } }, 409);
      }
      throw error;
    }
  });

  app.get<{ Params: TextParams & { version: string } }>(
    '/verwaltung/leistungen/:id/:lang/versionen/:version',
    { schema: { ...hide, params: Type.Object({ id: Type.String({ maxLength: 40 }), lang: Type.String({ maxLength: 5 }), version: Type.String({ maxLength: 10 }) }) } },
    async (request, reply) => {
      if (!mayEdit(request, reply)) return reply;
      const lang = languageOf(request.params.lang);
      const tenantId = request.view.tenant.id;
      const service = await getServiceById(ctx, tenantId, request.params.id);
      const entry = (await serviceTextHistory(ctx, tenantId, service.id)).find((h) => h.lang === lang && String(h.version) === request.params.version);
      if (!entry) throw new NotFoundError('catalogAdmin.error.versionNotFound');
      return sendPage(reply, VersionPage({ view: request.view, service, lang, entry }));
    },
  );

  // ---- jurisdictions ----

  const jurisdictionsPage = async (
    request: FastifyRequest<{ Params: ServiceParams }>,
    reply: FastifyReply,
    service: Service,
    extra: { values?: JurisdictionValues; errors?: FormErrors; notice?: JurisdictionsPageProps['notice']; filter?: string } = {},
    status = 200,
  ) => {
    const tenantId = request.view.tenant.id;
    const [rows, regionList, authorityList, history] = await Promise.all([
      serviceJurisdictions(ctx, tenantId, service.id),
      tenantRegions(ctx, tenantId),
      listAllAuthorities(ctx, tenantId),
      jurisdictionHistory(ctx, tenantId, service.id),
    ]);
    const authorities = [...authorityList].sort((a, b) => a.name.localeCompare(b.name, 'de'));
    return sendPage(
      reply,
      JurisdictionsPage({
        view: request.view,
        service,
        rows,
        filter: extra.filter ?? '',
        regions: new Map(regionList.map((r) => [r.ags, r])),
        authorities,
        conditions: conditionsOf(rows),
        history,
        values: extra.values ?? { region: '', conditionKey: noCondition, authorityId: '' },
        errors: extra.errors ?? noErrors,
        notice: extra.notice,
      }),
      status,
    );
  };

  app.get<{ Params: ServiceParams; Querystring: { hinweis?: string; gebiet?: string } }>(
    '/verwaltung/leistungen/:id/zustaendigkeiten',
    { schema: { ...hide, params: serviceParams, querystring: Type.Object({ hinweis: Type.Optional(Type.String()), gebiet: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      if (!mayEdit(request, reply)) return reply;
      const service = await getServiceById(ctx, request.view.tenant.id, request.params.id);
      const notice = (['saved', 'cleared', 'unchanged'] as const).find((n) => n === request.query.hinweis);
      return jurisdictionsPage(request, reply, service, { notice, filter: (request.query.gebiet ?? '').slice(0, 100) });
    },
  );

  /** The typed place (AGS, Gemeinde or Kreis name, PLZ) as an AGS; ambiguous or unknown input is a field error. */
  const regionOf = async (tenantId: string, input: string): Promise<string> => {
    const answer = await findPlace(ctx, tenantId, input);
    if (answer.kind === 'found') return answer.region.ags;
    const code = answer.kind === 'choose' ? 'catalogAdmin.error.regionAmbiguous' : 'catalog.jurisdiction.regionUnknown';
    throw new ValidationError([{ pointer: '/regionAgs', code }]);
  };

  const changeJurisdiction = (mode: 'set' | 'clear') => async (request: FastifyRequest<{ Params: ServiceParams }>, reply: FastifyReply) => {
    if (!mayEdit(request, reply)) return reply;
    const tenantId = request.view.tenant.id;
    const service = await getServiceById(ctx, tenantId, request.params.id);
    const values: JurisdictionValues = {
      region: field(request, 'region', 100),
      conditionKey: field(request, 'conditionKey') || noCondition,
      authorityId: field(request, 'authorityId', 40),
    };
    try {
      const authorityId = mode === 'clear' ? null : values.authorityId;
      if (authorityId === '') throw new ValidationError([{ pointer: '/authorityId', code: 'catalog.jurisdiction.authorityUnknown' }]);
      const { changed } = await setJurisdiction(ctx, request.actor, {
        tenantId,
        serviceId: service.id,
        regionAgs: await regionOf(tenantId, values.region),
        conditionKey: values.conditionKey === noCondition ? null : values.conditionKey,
        authorityId,
      });
      const notice = !changed ? 'unchanged' : mode === 'clear' ? 'cleared' : 'saved';
      return reply.redirect(`${jurisdictionsPath(service)}?hinweis=${notice}`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return jurisdictionsPage(request, reply, service, { values, errors: formErrors(request.view, error, { regionAgs: 'region' }) }, 422);
    }
  };

  app.post<{ Params: ServiceParams }>('/verwaltung/leistungen/:id/zustaendigkeiten', { schema: { ...hide, params: serviceParams } }, changeJurisdiction('set'));
  app.post<{ Params: ServiceParams }>('/verwaltung/leistungen/:id/zustaendigkeiten/entfernen', { schema: { ...hide, params: serviceParams } }, changeJurisdiction('clear'));
}
