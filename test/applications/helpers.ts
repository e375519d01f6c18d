import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { AmtswegModule } from '../../src/core/module.js';
import { modules } from '../../src/modules/index.js';
import { newId } from '../../src/core/ids.js';
import { projectPath } from '../../src/core/paths.js';
import { loadPack, publishPack } from '../../src/modules/procedures/index.js';
import type { Actor } from '../../src/modules/identity/index.js';
import type { TestRuntime } from '../helpers/runtime.js';

export type { Actor };

export async function tenantId(runtime: TestRuntime, slug = 'sn'): Promise<string> {
  return (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

export function citizen(tenant: string, overrides: Partial<Extract<Actor, { kind: 'citizen' }>> = {}): Extract<Actor, { kind: 'citizen' }> {
  return { kind: 'citizen', tenantId: tenant, accountId: newId(), name: 'Anna Schmidt', trustLevel: 'basis', actingFor: null, ...overrides };
}

export function caseWorker(tenant: string, authorityId: string): Actor {
  return { kind: 'staff', tenantId: tenant, accountId: newId(), name: 'Bernd Bearbeiter', trustLevel: 'substanziell', memberships: [{ authorityId, role: 'caseWorker' }] };
}

/**
 * Runs after the identity module's session hook in HTTP tests and replaces its actor: the actor comes as JSON in an
 * `Authorization: Test <base64>` header (a header, like an API token, so no CSRF token is needed)
 * or in an `x-test-actor` header for browser-like form posts (which then need the CSRF token).
 */
export const testActorModule: AmtswegModule = {
  name: 'test-actor',
  async hooks(app) {
    app.addHook('onRequest', async (request) => {
      const authorization = request.headers.authorization;
      const raw = authorization?.startsWith('Test ') ? authorization.slice(5) : (request.headers['x-test-actor'] as string | undefined);
      if (raw) request.actor = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Actor;
    });
  },
};

/** Every module (other modules listen to submissions in the same transaction), plus the test actor. */
export const applicationTestModules: readonly AmtswegModule[] = [...modules, testActorModule];

export function encodeActor(actor: Actor): string {
  return Buffer.from(JSON.stringify(actor)).toString('base64');
}

/** A minimal valid PDF (what the upload check recognises: the %PDF- signature). */
export const tinyPdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
export const tinyPng = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

export function fileInput(name: string, bytes: Buffer) {
  return { name, stream: Readable.from([bytes]) };
}

/** A multipart/form-data body with text fields first (in order), then files. */
export function multipartBody(fields: [string, string][], files: { field: string; name: string; type: string; bytes: Buffer }[]): { payload: Buffer; contentType: string } {
  const boundary = `----amtsweg${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of fields) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  for (const file of files) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The drilling pack as an anonymous procedure (no shipped pack is anonymous yet). */
export async function publishAnonymousVariant(runtime: TestRuntime): Promise<void> {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pack-')), 'bohranzeige');
  fs.mkdirSync(folder);
  const procedure = JSON.parse(fs.readFileSync(projectPath('procedures/bohranzeige/procedure.json'), 'utf8'));
  fs.writeFileSync(path.join(folder, 'procedure.json'), JSON.stringify({ ...procedure, anonymous: true }));
  fs.copyFileSync(projectPath('procedures/bohranzeige/form.json'), path.join(folder, 'form.json'));
  await publishPack(runtime.ctx, loadPack(folder));
}
