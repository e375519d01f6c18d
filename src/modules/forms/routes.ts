import { Type } from 'typebox';
import { NotFoundError } from '../../core/errors.js';
import type { HttpApp } from '../../core/module.js';
import { deriveJsonSchema } from './json-schema.js';
import { getForm } from './registry.js';

export async function formRoutes(app: HttpApp): Promise<void> {
  app.get(
    '/api/v1/forms/:key/:version/schema.json',
    {
      schema: {
        summary: 'JSON Schema (draft 2020-12) of the data a form version produces',
        tags: ['forms'],
        params: Type.Object({ key: Type.String({ maxLength: 80 }), version: Type.String({ maxLength: 40 }) }),
      },
    },
    async (request, reply) => {
      const form = getForm(request.params.key, request.params.version);
      if (!form) throw new NotFoundError('forms.notFound', { key: request.params.key, version: request.params.version });
      return reply
        .type('application/schema+json; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .send(JSON.stringify(deriveJsonSchema(form)));
    },
  );
}
