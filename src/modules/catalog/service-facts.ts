import type { AppContext } from '../../core/context.js';
import { extensionPoint } from '../../core/extensions.js';
import type { View } from '../../web/view.js';
import type { Service } from './model.js';

/** A line another module adds to a Leistung's facts, already in the reader's language. */
export interface ServiceFact {
  name: string;
  value: string;
}

/**
 * What other modules know about a Leistung that the catalogue does not (the applications module:
 * the sign-in level its online procedure needs), shown among the page's facts.
 */
export type ServiceFactSource = (ctx: AppContext, service: Service, view: View) => Promise<readonly ServiceFact[]>;

export const serviceFacts = extensionPoint<ServiceFactSource>('service page fact');

export async function contributedFacts(ctx: AppContext, service: Service, view: View): Promise<ServiceFact[]> {
  const facts: ServiceFact[] = [];
  for (const source of ctx.extensions.of(serviceFacts)) facts.push(...(await source(ctx, service, view)));
  return facts;
}
