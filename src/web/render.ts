import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { View } from './view.js';

function html(page: VNode): string {
  return '<!doctype html>' + renderToString(page);
}

/** Sends a server-rendered page. Preact escapes every text and attribute value. */
export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').send(html(page));
}

const maxPagesPerSource = 200;
const renderedPages = new WeakMap<object, Map<string, string>>();

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
  if (kept) return reply.type('text/html; charset=utf-8').send(kept);
  let personal = false;
  const view: View = { ...base, csrfToken: () => ((personal = true), base.csrfToken()) };
  const page = html(render(view));
  if (!personal) {
    if (!pages) renderedPages.set(source, (pages = new Map()));
    if (pages.size >= maxPagesPerSource) pages.clear();
    pages.set(key, page);
  }
  return reply.type('text/html; charset=utf-8').send(page);
}
