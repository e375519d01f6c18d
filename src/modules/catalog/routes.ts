import { contributedFacts } from './service-facts.js';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../core/context.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { localPath } from '../../web/local-path.js';
import { sendPage, sendSharedPage } from '../../web/render.js';
import type { Region } from './model.js';
import { AuthoritiesPage, AuthorityPage } from './pages/authorities.js';
import { CatalogHomePage } from './pages/home.js';
import { PlacePage } from './pages/place.js';
import { LebenslagePage, SearchPage } from './pages/search.js';
import { ServicePage } from './pages/service.js';
import * as catalog from './service.js';

/** The remembered place (an AGS); the URL's `?ort=` wins over it. */
export const placeCookie = 'aw_ort';
const placeCookieOptions = { path: '/', sameSite: 'lax' as const, secure: true, httpOnly: true, maxAge: 365 * 24 * 3600 };

/** Only our own paths may be returned to after choosing a place (no open redirect). */
function tooLongMessage(request: FastifyRequest, error: unknown): string | undefined {
  if (error instanceof ValidationError) return request.view.t(error.fields[0]!.code, error.fields[0]!.params);
  throw error;
}

const optionalText = Type.Optional(Type.String());

export async function registerPageRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  const hide = { hide: true };

  async function chosenPlace(request: FastifyRequest, tenantId: string, fromQuery: string | undefined): Promise<Region | null> {
    const ags = fromQuery ?? request.cookies[placeCookie];
    return (ags && (await catalog.tenantRegion(ctx, tenantId, ags))) || null;
  }

  app.get('/', { schema: hide }, async (request, reply) => {
    const tenantId = request.view.tenant.id;
    // The same for every visitor until the catalogue changes: rendered once per catalogue revision.
    const snapshot = await catalog.tenantCatalog(ctx, tenantId);
    return sendSharedPage(request, reply, snapshot, (view) => CatalogHomePage({ view, lebenslagen: snapshot.lebenslagen, frequent: catalog.frequentServices(snapshot) }));
  });

  app.get('/suche', { schema: { ...hide, querystring: Type.Object({ q: optionalText, lebenslage: optionalText, seite: optionalText }) } }, async (request, reply) => {
    const { view } = request;
    const tenantId = view.tenant.id;
    const query = request.query.q ?? '';
    const lebenslage = request.query.lebenslage || undefined;
    const page = /^[1-9]\d{0,5}$/.test(request.query.seite ?? '') ? Number(request.query.seite) : 1;
    const snapshot = await catalog.tenantCatalog(ctx, tenantId);
    const { lebenslagen } = snapshot;
    let answer: catalog.SearchAnswer | null = null;
    try {
      if (query.trim() || lebenslage) answer = await catalog.searchServices(ctx, tenantId, view.lang, { q: query, lebenslage });
    } catch (thrown) {
      const error = tooLongMessage(request, thrown);
      return sendPage(reply, SearchPage({ view, query, answer, error, lebenslagen, lebenslage, page }), 400);
    }
    // For anonymous visitors a results page depends only on the URL, the language and the
    // catalogue revision: rendered once per revision and kept with the catalogue snapshot.
    return sendSharedPage(request, reply, snapshot, (shared) => SearchPage({ view: shared, query, answer, lebenslagen, lebenslage, page }));
  });

  app.get('/lebenslagen/:key', { schema: { ...hide, params: Type.Object({ key: Type.String() }) } }, async (request, reply) => {
    const tenantId = request.view.tenant.id;
    const lebenslage = (await catalog.listLebenslagen(ctx, tenantId)).find((l) => l.key === request.params.key);
    if (!lebenslage) throw new NotFoundError('catalog.error.lebenslageNotFound');
    const { hits } = await catalog.searchServices(ctx, tenantId, request.view.lang, { q: '', lebenslage: lebenslage.key });
    return sendPage(reply, LebenslagePage({ view: request.view, lebenslage, services: hits.map((h) => h.service) }));
  });

  app.get('/leistungen/:key', { schema: { ...hide, params: Type.Object({ key: Type.String() }), querystring: Type.Object({ ort: optionalText }) } }, async (request, reply) => {
    const tenantId = request.view.tenant.id;
    const service = await catalog.getServiceByKey(ctx, tenantId, request.params.key);
    const fromQuery = request.query.ort?.trim() || undefined;
    const place = await chosenPlace(request, tenantId, fromQuery);
    if (fromQuery && !place) {
      // Not an AGS of ours (e.g. a postcode typed into the URL): let the place finder resolve it.
      const params = new URLSearchParams({ ort: fromQuery, weiter: `/leistungen/${service.key}` });
      return reply.redirect(`/ort?${params}`, 303);
    }
    if (place && fromQuery) reply.setCookie(placeCookie, place.ags, placeCookieOptions);
    const named = await catalog.authoritiesNamed(ctx, tenantId, service);
    const responsible = place && named ? await catalog.responsibleAuthorities(ctx, tenantId, service.key, place.ags) : [];
    const facts = await contributedFacts(ctx, service, request.view);
    return sendPage(reply, ServicePage({ view: request.view, service, place, responsible, authoritiesNamed: named, facts }));
  });

  app.get('/ort', { schema: { ...hide, querystring: Type.Object({ ort: optionalText, weiter: optionalText }) } }, async (request, reply) => {
    const { view } = request;
    const input = (request.query.ort ?? '').slice(0, 200);
    const returnTo = localPath(request.query.weiter) ?? '/';
    const answer = await catalog.findPlace(ctx, view.tenant.id, input);
    const page = (props: Omit<Parameters<typeof PlacePage>[0], 'view' | 'returnTo' | 'input'>, status = 200) =>
      sendPage(reply, PlacePage({ view, returnTo, input, ...props }), status);
    switch (answer.kind) {
      case 'found': {
        reply.setCookie(placeCookie, answer.region.ags, placeCookieOptions);
        return reply.redirect(`${returnTo}${returnTo.includes('?') ? '&' : '?'}ort=${answer.region.ags}`, 303);
      }
      case 'choose':
        return page({ options: answer.options, kreis: answer.kreis });
      case 'empty':
        return page({ error: view.t('catalog.place.empty') }, 400);
      case 'unknown': {
        const land = (await catalog.tenantLand(ctx, view.tenant.id))?.name ?? '';
        return page({ error: view.t('catalog.place.unknown', { input, land }) }, 404);
      }
    }
  });

  app.get('/behoerden', { schema: { ...hide, querystring: Type.Object({ q: optionalText, art: optionalText, cursor: optionalText }) } }, async (request, reply) => {
    const { view } = request;
    const query = request.query.q ?? '';
    const kinds = await catalog.listAuthorityKinds(ctx, view.tenant.id);
    // A kind the tenant does not define (an old bookmark) filters nothing, as "all kinds" does.
    const kind = kinds.find((k) => k.key === request.query.art)?.key;
    try {
      const page = await catalog.browseAuthorities(ctx, view.tenant.id, { q: query, kind, cursor: request.query.cursor, limit: 50 });
      return sendPage(reply, AuthoritiesPage({ view, query, kind, kinds, items: page.items, next: page.next }));
    } catch (thrown) {
      const error = tooLongMessage(request, thrown);
      return sendPage(reply, AuthoritiesPage({ view, query: '', kind, kinds, items: [], next: null, error }), 400);
    }
  });

  app.get('/behoerden/:id', { schema: { ...hide, params: Type.Object({ id: Type.String() }) } }, async (request, reply) => {
    const tenantId = request.view.tenant.id;
    const authority = await catalog.getAuthority(ctx, tenantId, request.params.id);
    if (!authority) throw new NotFoundError('catalog.error.authorityNotFound');
    const [region, services, kinds] = await Promise.all([
      catalog.findRegionByAgs(ctx, authority.regionAgs),
      catalog.servicesOfAuthority(ctx, tenantId, authority.id),
      catalog.listAuthorityKinds(ctx, tenantId),
    ]);
    return sendPage(reply, AuthorityPage({ view: request.view, authority, region, services, kinds }));
  });
}
