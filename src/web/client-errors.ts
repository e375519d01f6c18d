import { Extensions } from '../core/extensions.js';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { negotiateLanguage, translator } from '../core/i18n/index.js';
import type { Tenant } from '../core/tenancy.js';
import { ErrorPage } from './pages/error.js';
import { problemDocument } from './problems.js';
import { html } from './render.js';

interface ClientError extends Error {
  code?: string;
}

/** The bytes node's HTTP parser could not take: the start of the request, when it has them. */
function rawStart(error: ClientError): string {
  const packet = (error as { rawPacket?: unknown }).rawPacket;
  return Buffer.isBuffer(packet) ? packet.subarray(0, 16 * 1024).toString('latin1') : '';
}

function statusOf(error: ClientError): { status: number; code: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW') return { status: 431, code: 'error.headersTooLarge' };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, code: 'error.badRequest' };
  return { status: 400, code: 'error.badRequest' };
}

/** A header of the raw request start, if it arrived. */
function rawHeader(head: string, name: string): string | undefined {
  return new RegExp(`\\r\\n${name}:[ \\t]*([^\\r\\n]*)`, 'i').exec(head)?.[1];
}

/**
 * Answers a request that node's HTTP parser refused before fastify saw it — headers over the
 * limit (431), a broken request line (400), a timeout (408) — like every other refusal: with the
 * security headers, as a problem document for `/api` and as the error page otherwise, in the
 * language the request asked for. What is known comes from the start of the raw request.
 */
/** The error page draws on no module's contributions. */
const noExtensions = new Extensions();

export function answerClientError(headers: Readonly<Record<string, string>>, tenantFor: (host: string | undefined) => Tenant) {
  return function onClientError(this: FastifyInstance, error: ClientError, socket: Socket): void {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, code } = statusOf(error);
    const head = rawStart(error);
    const target = /^[A-Z]+ (\S+)/.exec(head)?.[1] ?? '/';
    const lang = negotiateLanguage(undefined, rawHeader(head, 'accept-language'));
    const t = translator(lang);
    const api = target.startsWith('/api/');
    const body = api
      ? JSON.stringify(problemDocument(t, status, code, target.slice(0, 200)))
      : html(ErrorPage({ view: { lang, t, tenant: tenantFor(rawHeader(head, 'host')), path: '/', extensions: noExtensions, csrfToken: () => '' }, title: t(code) }));
    const type = api ? 'application/problem+json; charset=utf-8' : 'text/html; charset=utf-8';
    const lines = Object.entries({ ...headers, 'content-type': type, 'content-length': String(Buffer.byteLength(body)), connection: 'close' }).map(
      ([name, value]) => `${name}: ${value}\r\n`,
    );
    this.log.info({ code: error.code, status }, 'request refused by the HTTP parser');
    if (socket.writable) socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('')}\r\n${body}`);
    socket.destroy(error);
  };
}
