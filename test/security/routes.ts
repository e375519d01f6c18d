import type { RouteEntry } from '../../src/web/route-table.js';

/**
 * Turns a route pattern into a URL that points at the security fixture's things: `/antraege/:id`
 * becomes the owner's application, `/bearbeitung/vorgaenge/:id` the owner's case. A parameter
 * nothing is seeded for gets a fresh id (every role must then get "not found", never a 5xx).
 */
const parameterRules: [RegExp, Record<string, string>][] = [
  [/^\/konto\/sitzungen\//, { id: 'sessionId' }],
  [/^\/konto\/organisationen\//, { id: 'organisationId', personId: 'ownerId' }],
  [/^\/verwaltung\/personal\//, { id: 'staffId', membership: 'membershipId' }],
  [/^\/verwaltung\/api-clients\//, { id: 'apiClientId' }],
  [/^\/verwaltung\/leistungen\//, { id: 'serviceId' }],
  [/^\/(antraege|api\/v1\/applications)\//, { id: 'applicationId' }],
  [/^\/(bearbeitung\/vorgaenge|api\/v1\/cases)\//, { id: 'caseId' }],
  [/^\/(behoerden|api\/v1\/authorities)\//, { id: 'authorityId' }],
  [/^\/api\/v1\/services\//, { id: 'serviceId' }],
  [/^\/leistungen\//, { key: 'serviceKey' }],
  [/^\/lebenslagen\//, { key: 'lebenslageKey' }],
  [/^\/(verwaltung\/verfahren|api\/v1\/forms)\//, { key: 'procedureKey' }],
];

/** `slug`: a tenant that exists (the owner's), so a refusal on the operator's pages is the policy's, not a 404. */
const fixedValues: Record<string, string> = { lang: 'de', version: '1', number: '1', provider: 'demo', name: 'keine.eml', slug: 'sn', '*': 'amtsweg.css' };

export function concreteUrl(route: RouteEntry, params: Record<string, string>): string {
  const names = parameterRules.find(([pattern]) => pattern.test(route.url))?.[1] ?? {};
  return route.url.replace(/:(\w+)|\*/g, (whole, name: string | undefined) => {
    const key = name ?? whole;
    const named = names[key] ?? key;
    return encodeURIComponent(params[named] ?? fixedValues[key] ?? '01890000000070008000000000000000');
  });
}

export const routeKey = (route: RouteEntry) => `${route.method} ${route.url}`;
