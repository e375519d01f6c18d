import type { AppContext } from '../../../core/context.js';
import { ValidationError } from '../../../core/errors.js';
import type { HttpApp } from '../../../core/module.js';
import { sendPage } from '../../../web/render.js';
import { staffOnly } from '../../access/index.js';
import { SearchPage, searchFields, type SearchValues } from './pages.js';
import { assertMaySearch, searchRecords, type SearchInput } from './service.js';

/** The service's field pointers as the form's field ids. */
const fieldOfPointer: Record<string, string> = { '/q': 'q', '/aktenzeichen': 'aktenzeichen', '/party': 'partei', '/from': 'von', '/to': 'bis', '/kind': 'art', '/page': 'q' };

/** `/bearbeitung/akten/suche`: without criteria the empty form; with them a page of hits, or the form with its errors (422). */
export async function recordSearchPageRoutes(app: HttpApp, ctx: AppContext): Promise<void> {
  app.get<{ Querystring: Record<string, string | string[] | undefined> }>('/bearbeitung/akten/suche', async (request, reply) => {
    const actor = staffOnly(request, reply);
    if (!actor) return reply;
    const one = (name: string) => {
      const value = request.query[name];
      return typeof value === 'string' ? value.slice(0, 200) : undefined;
    };
    const values: SearchValues = Object.fromEntries(searchFields.map((name) => [name, one(name)]).filter(([, value]) => value !== undefined));
    const view = request.view;
    if (!Object.values(values).some((value) => value?.trim())) {
      await assertMaySearch(ctx, actor);
      return sendPage(reply, SearchPage({ view, values, errors: {} }));
    }
    const page = one('seite');
    const input: SearchInput = {
      q: values.q,
      aktenzeichen: values.aktenzeichen,
      party: values.partei,
      from: values.von,
      to: values.bis,
      kind: values.art,
      page: page === undefined ? 1 : /^\d{1,4}$/.test(page) ? Number(page) : 0,
    };
    try {
      return sendPage(reply, SearchPage({ view, values, errors: {}, result: await searchRecords(ctx, actor, input) }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors: Record<string, string> = {};
      for (const field of error.fields) errors[fieldOfPointer[field.pointer] ?? 'q'] ??= view.t(field.code, field.params);
      return sendPage(reply, SearchPage({ view, values, errors }), 422);
    }
  });
}
