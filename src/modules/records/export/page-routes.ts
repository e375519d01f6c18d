import type { AppContext } from '../../../core/context.js';
import { ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { sendPage } from '../../../web/render.js';
import { staffOnly } from '../../access/index.js';
import { getFile } from '../files/service.js';
import { exportFile } from './akteneinsicht.js';
import { attachmentHeaders } from './api-routes.js';
import { evidenceRecord } from './evidence.js';
import { emptyExportForm, ExportPage, type ExportFormState } from './pages.js';

/** The Akteneinsicht form and download, and the evidence record's download, for staff. */

/** A form field as posted: checkboxes arrive as one string or as a list. */
function values(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((one): one is string => typeof one === 'string') : [];
}

export async function recordExportPageRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  app.get<{ Params: { id: string } }>('/bearbeitung/akten/:id/akteneinsicht', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    return sendPage(reply, ExportPage({ view: request.view, data: await getFile(ctx, actor, request.params.id), state: emptyExportForm }));
  });

  app.post<{ Params: { id: string } }>('/bearbeitung/akten/:id/akteneinsicht', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const input = {
      format: values(request.body, 'format')[0] ?? '',
      documentIds: values(request.body, 'documentIds'),
      recipient: values(request.body, 'recipient')[0] ?? '',
      purpose: values(request.body, 'purpose')[0] ?? '',
    };
    try {
      const result = await exportFile(ctx, actor, request.params.id, input);
      return reply.headers(attachmentHeaders(result)).send(result.bytes);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const state: ExportFormState = {
        values: input,
        errors: Object.fromEntries(error.fields.map((field) => [`export-${field.pointer.slice(1)}`, request.view.t(field.code, field.params)])),
      };
      return sendPage(reply, ExportPage({ view: request.view, data: await getFile(ctx, actor, request.params.id), state }), 422);
    }
  });

  app.get<{ Params: { id: string } }>('/bearbeitung/akten/:id/beweisdatensatz', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const record = await evidenceRecord(ctx, actor, request.params.id);
    const fileName = `Beweisdatensatz-${record.aktenzeichen.replace(/[^\p{L}\p{N}.-]+/gu, '_')}.json`;
    return reply.headers(attachmentHeaders({ fileName, mediaType: 'application/json' })).send(JSON.stringify(record, null, 2));
  });
}
