import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { View } from './view.js';

const htmlType = 'text/html; charset=utf-8';

export function html(page: VNode): string {
  return `<!doctype html>${renderToString(page)}`;
}

/** Sends a server-rendered page. Preact escapes every text and attribute value. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.status(status).type(htmlType).send(html(page));
}

/** A rendered page kept as bytes, so sending it again is one buffer write. */
interface KeptPage {
  body: Buffer;
  etag: string;
}

function keep(page: string): KeptPage {
  const body = Buffer.from(page);
  return { body, etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

/** If-None-Match lists validators separated by commas; a weak one (W/"…") matches too. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch === etag || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * The browser may keep the page but must ask again each time (`no-cache`), and only for itself
 * (`private`): the page depends on the language cookie and on whether someone signed in since.
 * A repeated visit with the same page then costs a 304 without body.
 */
function sendKept(request: FastifyRequest, reply: FastifyReply, page: KeptPage): FastifyReply {
  reply.header('cache-control', 'private, no-cache').header('etag', page.etag);
  if (matches(request.headers['if-none-match'], page.etag)) return reply.status(304).send();
  return reply.type(htmlType).send(page.body);
}

const maxPagesPerSource = 200;
const renderedPages = new WeakMap<object, Map<string, KeptPage>>();

/**
 * Sends a page that, for anonymous visitors, depends only on its data source, the language and
 * the URL (the home page, say): the rendered HTML is kept with the source object, so it is thrown
 * away together with the source when the data changes. Pages for signed-in people, and pages whose
 * rendering asked for a CSRF token (a token belongs to one visitor), are never kept.
 */
export function sendSharedPage(request: FastifyRequest, reply: FastifyReply, source: object, render: (view: View) => VNode): FastifyReply {
  const base = request.view;
  if (base.user) return sendPage(reply, render(base));
  const key = `${base.tenant.id} ${base.lang} ${request.url}`;
  let pages = renderedPages.get(source);
  const kept = pages?.get(key);
  if (kept) return sendKept(request, reply, kept);
  let personal = false;
  const view: View = { ...base, csrfToken: () => ((personal = true), base.csrfToken()) };
  const page = html(render(view));
  if (personal) return reply.type(htmlType).send(page);
  if (!pages) renderedPages.set(source, (pages = new Map()));
  if (pages.size >= maxPagesPerSource) pages.clear();
  const fresh = keep(page);
  pages.set(key, fresh);
  return sendKept(request, reply, fresh);
}
