import type { AppContext } from '../../core/context.js';
import { regionCheckOf, visiblePages, type FormDefinition, type Page } from '../forms/index.js';
import { validateAnswers } from './service.js';

/** The pages of the form that these answers show, in order (a draft's and the studio preview's flow). */
export function shownPages(ctx: AppContext, tenantSlug: string, form: FormDefinition, data: Record<string, unknown>): Page[] {
  return visiblePages(form, validateAnswers(ctx, regionCheckOf(ctx.extensions, tenantSlug), form, data).value, ctx.clock.now());
}

/** The shown page before this one (undefined on the first). */
export function pageBefore(pages: Page[], pageId: string): Page | undefined {
  const index = pages.findIndex((page) => page.id === pageId);
  return index > 0 ? pages[index - 1] : undefined;
}

/** The shown page after this one (undefined after the last: the check page comes next). */
export function pageAfter(pages: Page[], pageId: string): Page | undefined {
  return pages[pages.findIndex((page) => page.id === pageId) + 1];
}
