import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inTransaction } from '../../../src/core/db/index.js';
import { contentOf, textContent } from '../../../src/modules/records/files/content.js';
import { addDocument, addVersion, closeProcess, systemAuthor } from '../../../src/modules/records/files/write.js';
import type { TestRuntime } from '../../helpers/runtime.js';
import { newAkteWithVorgang, type Where } from '../aussonderung/helpers.js';
import { tinyPdf } from '../../cases/helpers.js';

export type { Where };

/** Switches the authority to the external DMS with the given target (as the settings page would). */
export async function useDms(runtime: TestRuntime, tenantId: string, authorityId: string, target: string | null): Promise<void> {
  await runtime.ctx.db
    .updateTable('record_settings')
    .set({ mode: target === null ? 'internal' : 'xdomea-abgabe', handover_target: target })
    .where('tenant_id', '=', tenantId)
    .where('authority_id', '=', authorityId)
    .execute();
}

/**
 * An Akte with one Vorgang holding a PDF and a text document in two versions, closed (zdA) in the
 * same transaction — which queues the hand-over when the authority uses an external DMS.
 */
export async function closedVorgang(runtime: TestRuntime, where: Where, subject: string): Promise<{ processId: string; fileId: string }> {
  const ctx = runtime.ctx;
  return inTransaction(ctx.db, async (trx) => {
    const { file, process } = await newAkteWithVorgang(trx, ctx, where, subject);
    await addDocument(
      trx,
      ctx,
      process,
      { kind: 'antrag', direction: 'in', title: 'Bohranzeige', documentDate: '2026-03-02', content: contentOf(tinyPdf, 'bohranzeige.pdf', 'application/pdf') },
      systemAuthor,
    );
    const note = await addDocument(
      trx,
      ctx,
      process,
      { kind: 'vermerk', direction: 'internal', title: 'Vermerk', documentDate: '2026-03-03', content: textContent(`Vermerk zu ${subject}`, 'vermerk.txt') },
      systemAuthor,
    );
    await addVersion(trx, ctx, { ...note, tenantId: where.tenantId }, textContent(`Vermerk zu ${subject}, berichtigt`, 'vermerk.txt'), 'Tippfehler berichtigt', systemAuthor);
    await closeProcess(trx, ctx, process, systemAuthor);
    return { processId: process.id, fileId: file.id };
  });
}

/** A DMS endpoint: a real HTTP server that answers each POST with the next status of `statuses` (then 200) and keeps the bodies. */
export async function fakeDms(statuses: number[] = []): Promise<{ url: string; received: { headers: IncomingMessage['headers']; body: Buffer }[]; close(): Promise<void> }> {
  const received: { headers: IncomingMessage['headers']; body: Buffer }[] = [];
  const answers = [...statuses];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = answers.shift() ?? 200;
      if (status === 200) received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'DMS wartet');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/eakte/import`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
