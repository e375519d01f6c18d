import crypto from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import type { AppContext } from '../../core/context.js';
import type { Language } from '../../core/i18n/index.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { isInformationOnly, type Authority, type Service } from './model.js';
import { maxPlaceLength } from './places.js';
import { maxQueryLength } from './search.js';
import * as catalog from './service.js';

/**
 * The catalogue's JSON API (`/api/v1`): thin adapters over service.ts. Every answer carries an
 * ETag (hash of the body) and Cache-Control; `If-None-Match` with the same tag gets 304.
 */

const LegalBasis = Type.Object({ title: Type.String(), url: Type.Optional(Type.String()) });
const Link = Type.Object({ title: Type.String(), url: Type.String() });

const ServiceSummary = Type.Object({
  id: Type.String(),
  key: Type.String(),
  leikaKey: Type.Union([Type.String(), Type.Null()], { description: '14-digit LeiKa key; null when the LeiKa has none for the service (then see ozgId)' }),
  name: Type.String(),
  shortText: Type.String(),
  level: Type.Union([Type.Literal('land'), Type.Literal('kreis'), Type.Literal('gemeinde')]),
  lebenslagen: Type.Array(Type.String()),
  procedureKey: Type.Union([Type.String(), Type.Null()]),
  informationOnly: Type.Boolean({ description: 'an entry of the LeiKa catalogue without online procedure and without texts of the tenant' }),
});

const ServiceDetail = Type.Intersect([
  ServiceSummary,
  Type.Object({
    lang: Type.String(),
    typisierung: Type.Union([Type.String(), Type.Null()]),
    ozgId: Type.Union([Type.String(), Type.Null()]),
    ozgLeistung: Type.Union([Type.String(), Type.Null()]),
    ozgLebenslage: Type.Union([Type.String(), Type.Null()]),
    themenfeld: Type.Union([Type.String(), Type.Null()]),
    releasedOn: Type.Union([Type.String(), Type.Null()]),
    releasedBy: Type.Union([Type.String(), Type.Null()]),
    fullText: Type.String(),
    documents: Type.Array(Type.String()),
    prerequisites: Type.String(),
    costs: Type.String(),
    deadlines: Type.String(),
    processingTime: Type.String(),
    steps: Type.Array(Type.String()),
    legalBases: Type.Array(LegalBasis),
    notes: Type.String(),
    synonyms: Type.Array(Type.String()),
    forms: Type.Array(Link),
  }),
]);

const AuthorityBody = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  address: Type.Object({
    street: Type.Optional(Type.String()),
    postcode: Type.Optional(Type.String()),
    city: Type.String(),
    description: Type.Optional(Type.String()),
  }),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  web: Type.Union([Type.String(), Type.Null()]),
  openingHours: Type.Union([Type.String(), Type.Null()]),
  regionAgs: Type.String(),
});

const PlaceSuggestionBody = Type.Object({
  value: Type.String({ description: 'what to put into the place field (an AGS, or a postcode that names no single Gemeinde)' }),
  label: Type.String(),
  ags: Type.Union([Type.String(), Type.Null()]),
});

const Page = <T extends ReturnType<typeof Type.Object> | typeof ServiceSummary>(item: T) =>
  Type.Object({ items: Type.Array(item), next: Type.Union([Type.String(), Type.Null()]) });

// Query strings are not coerced (ajv coerceTypes is off), so the limit is checked as digits.
const Limit = Type.Optional(Type.String({ pattern: '^([1-9][0-9]?|100)$', description: 'page size, 1–100 (default 20)' }));
const limitOf = (value: string | undefined) => (value ? Number(value) : 20);
const Cursor = Type.Optional(Type.String({ maxLength: 200 }));

function summary(service: Service, lang: Language): Static<typeof ServiceSummary> {
  const text = catalog.textOf(service, lang);
  return {
    id: service.id,
    key: service.key,
    leikaKey: service.leikaKey,
    name: text.name,
    shortText: text.shortText,
    level: service.level,
    lebenslagen: service.lebenslagen,
    procedureKey: service.procedureKey,
    informationOnly: isInformationOnly(service),
  };
}

function authorityBody(authority: Authority): Static<typeof AuthorityBody> {
  const { tenantId: _tenant, ...body } = authority;
  return body;
}

export async function registerApiRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  await app.register(
    async (plugin) => {
      const api = plugin.withTypeProvider<TypeBoxTypeProvider>();
      api.addHook('onSend', async (request, reply, payload) => {
        if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
        const etag = `"${crypto.createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
        reply.header('etag', etag).header('cache-control', 'public, max-age=300').header('vary', 'accept-language, host');
        const wanted = request.headers['if-none-match'];
        if (wanted?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
          reply.code(304);
          return '';
        }
        return payload;
      });

      const tags = ['catalog'];

      api.get(
        '/services',
        {
          schema: {
            tags,
            summary: 'Search or list services (Leistungen)',
            querystring: Type.Object({
              q: Type.Optional(Type.String({ maxLength: maxQueryLength })),
              lebenslage: Type.Optional(Type.String({ maxLength: 100 })),
              cursor: Cursor,
              limit: Limit,
            }),
            response: { 200: Page(ServiceSummary) },
          },
        },
        async (request) => {
          const { view } = request;
          const answer = await catalog.searchServices(ctx, view.tenant.id, view.lang, { q: request.query.q ?? '', lebenslage: request.query.lebenslage });
          const page = catalog.pageOf(answer.hits, request.query.cursor, limitOf(request.query.limit));
          return { items: page.items.map((hit) => summary(hit.service, view.lang)), next: page.next };
        },
      );

      api.get(
        '/services/:id',
        { schema: { tags, summary: 'One service with its texts in the request language', params: Type.Object({ id: Type.String() }), response: { 200: ServiceDetail } } },
        async (request) => {
          const { view } = request;
          const service = await catalog.getServiceById(ctx, view.tenant.id, request.params.id);
          const { name: _name, shortText: _short, ...text } = catalog.textOf(service, view.lang);
          return {
            ...summary(service, view.lang),
            lang: service.texts[view.lang] ? view.lang : 'de',
            typisierung: service.typisierung,
            ozgId: service.ozgId,
            ozgLeistung: service.ozgLeistung,
            ozgLebenslage: service.ozgLebenslage,
            themenfeld: service.themenfeld,
            releasedOn: service.releasedOn,
            releasedBy: service.releasedBy,
            ...text,
          };
        },
      );

      api.get(
        '/services/:id/jurisdiction',
        {
          schema: {
            tags,
            summary: 'The authorities responsible for a service at a place (AGS of a Gemeinde or Kreis)',
            params: Type.Object({ id: Type.String() }),
            querystring: Type.Object({ ags: Type.String({ pattern: '^[0-9]{2}([0-9]{3}([0-9]{3})?)?$' }) }),
            response: {
              200: Type.Object({
                ags: Type.String(),
                items: Type.Array(
                  Type.Object({
                    authority: AuthorityBody,
                    conditionKey: Type.Union([Type.String(), Type.Null()]),
                    condition: Type.Union([Type.String(), Type.Null()]),
                    regionAgs: Type.String(),
                  }),
                ),
              }),
            },
          },
        },
        async (request) => {
          const { view } = request;
          const service = await catalog.getServiceById(ctx, view.tenant.id, request.params.id);
          const region = await catalog.tenantRegion(ctx, view.tenant.id, request.query.ags);
          if (!region) throw new ValidationError([{ pointer: '/ags', code: 'catalog.api.badAgs' }]);
          const responsible = await catalog.responsibleAuthorities(ctx, view.tenant.id, service.key, region.ags);
          return {
            ags: region.ags,
            items: responsible.map((entry) => ({
              authority: authorityBody(entry.authority),
              conditionKey: entry.conditionKey,
              condition: entry.conditionTexts?.[view.lang] ?? entry.conditionTexts?.de ?? null,
              regionAgs: entry.regionAgs,
            })),
          };
        },
      );

      api.get(
        '/places',
        {
          schema: {
            tags,
            summary: 'Place proposals for what was typed so far: postcode, Gemeinde or Kreis name prefix, AGS (autocomplete)',
            querystring: Type.Object({ q: Type.String({ maxLength: maxPlaceLength, description: 'at least 2 characters; fewer give an empty list' }) }),
            response: { 200: Type.Object({ items: Type.Array(PlaceSuggestionBody) }) },
          },
        },
        async (request) => ({ items: await catalog.placeSuggestions(ctx, request.view.tenant.id, request.query.q) }),
      );

      api.get(
        '/authorities',
        {
          schema: {
            tags,
            summary: 'Browse authorities (Organisationseinheiten) by name and kind',
            querystring: Type.Object({
              q: Type.Optional(Type.String({ maxLength: maxQueryLength })),
              kind: Type.Optional(Type.String({ maxLength: 40, description: 'a key of GET /authority-kinds; another answers 422 at /kind' })),
              cursor: Cursor,
              limit: Limit,
            }),
            response: { 200: Page(AuthorityBody) },
          },
        },
        async (request) => {
          const page = await catalog.browseAuthorities(ctx, request.view.tenant.id, {
            q: request.query.q,
            kind: request.query.kind,
            cursor: request.query.cursor,
            limit: limitOf(request.query.limit),
          });
          return { items: page.items.map(authorityBody), next: page.next };
        },
      );

      api.get(
        '/authority-kinds',
        {
          schema: {
            tags,
            summary: "The tenant's kinds of authority (catalogue data), with their labels",
            response: { 200: Type.Object({ items: Type.Array(Type.Object({ key: Type.String(), label: Type.Object({ de: Type.String(), en: Type.String() }) })) }) },
          },
        },
        async (request) => ({ items: (await catalog.listAuthorityKinds(ctx, request.view.tenant.id)).map(({ key, label }) => ({ key, label })) }),
      );

      api.get('/authorities/:id', { schema: { tags, summary: 'One authority', params: Type.Object({ id: Type.String() }), response: { 200: AuthorityBody } } }, async (request) => {
        const authority = await catalog.getAuthority(ctx, request.view.tenant.id, request.params.id);
        if (!authority) throw new NotFoundError('catalog.error.authorityNotFound');
        return authorityBody(authority);
      });
    },
    { prefix: '/api/v1' },
  );
}
