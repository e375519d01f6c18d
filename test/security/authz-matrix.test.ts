import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { HttpApp } from '../../src/core/module.js';
import { useTestApp } from '../helpers/runtime.js';
import { seedSecurityFixture, type SecurityFixture } from './fixture.js';
import { apiBodySchemas, requestAs } from './requests.js';
import { routeKey } from './routes.js';
import type { JsonSchema } from './schema-example.js';

/**
 * The authorization matrix: every route the app registers × every kind of caller who must not get
 * at the owner's things. The routes come from the app's route table, so a new route that is not
 * classified below fails the test (deny by default).
 *
 * Classes:
 * - public: anyone, by design (the reason is given);
 * - signedIn: the caller's own account and drafts: anonymous callers are sent to sign in, the
 *   others see only their own;
 * - owner: the owner's application, organisation or session: only the owner;
 * - case: the owner's case at the receiving authority: only that authority's staff;
 * - staff: a staff member's own work list: staff see their own authority's, nobody else anything;
 * - admin: the tenant's administration: only its administrators (the other tenant's administrator
 *   reaches the other tenant's administration, never this one's);
 * - adminItem: one thing of this tenant's administration: nobody tried here;
 * - tenantFigures: the tenant's steering exports (aggregates, no person in them): as admin, and API
 *   clients of the tenant with the scope `steering.read` (the fixture's client has it) read them too.
 * - platform: the platform operator's pages (every tenant): none of the callers tried is a platform
 *   operator, so all are refused — staff of either tenant included (positive tests in
 *   test/identity/platform.test.ts).
 */
type RouteClass = { kind: 'public'; reason: string } | { kind: 'signedIn' | 'owner' | 'case' | 'staff' | 'admin' | 'adminItem' | 'tenantFigures' | 'platform' };

const publicBecause = (reason: string): RouteClass => ({ kind: 'public', reason });
const signedIn: RouteClass = { kind: 'signedIn' };
const owner: RouteClass = { kind: 'owner' };
const kase: RouteClass = { kind: 'case' };
const staff: RouteClass = { kind: 'staff' };
const admin: RouteClass = { kind: 'admin' };
const adminItem: RouteClass = { kind: 'adminItem' };
const tenantFigures: RouteClass = { kind: 'tenantFigures' };
const platform: RouteClass = { kind: 'platform' };

const catalogue = publicBecause('the public service catalogue (Leistungen, Behörden, Orte): no personal data');
const signIn = publicBecause('signing in, registering and recovering an account happen before one is signed in');
const byToken = publicBecause('the one-time token in the link is the credential (unknown or used tokens: 410)');
const legal = publicBecause('legal notices every visitor must reach');

const routes: Record<string, RouteClass> = {
  'GET /assets/*': publicBecause('static CSS, JavaScript and fonts'),
  'GET /assets/kern/*': publicBecause('static KERN design system files'),
  'GET /tenant/logo.svg': publicBecause("the host's tenant's logo, shown on every page"),
  'GET /tenant/favicon.svg': publicBecause("the host's tenant's favicon, linked from every page"),
  'GET /tenant/theme.css': publicBecause("the host's tenant's colour stylesheet, linked from every page"),
  'GET /metrics': publicBecause('Prometheus metrics by route pattern, no personal data; docs/operations.md: block it at the proxy'),
  'GET /api/openapi.json': publicBecause('the API description'),
  'GET /healthz': publicBecause('the load balancer’s health check: status and engine only'),
  'GET /impressum': legal,
  'GET /datenschutz': legal,
  'GET /barrierefreiheit': legal,
  'GET /datenquellen': legal,
  'GET /': catalogue,
  'GET /suche': catalogue,
  'GET /lebenslagen/:key': catalogue,
  'GET /leistungen/:key': catalogue,
  'GET /ort': catalogue,
  'GET /behoerden': catalogue,
  'GET /behoerden/:id': catalogue,
  'GET /api/v1/services': catalogue,
  'GET /api/v1/services/:id': catalogue,
  'GET /api/v1/services/:id/jurisdiction': catalogue,
  'GET /api/v1/places': catalogue,
  'GET /api/v1/authorities': catalogue,
  'GET /api/v1/authorities/:id': catalogue,
  'GET /api/v1/authority-kinds': catalogue,
  'GET /api/v1/forms/:key/:version/schema.json': publicBecause('the published JSON Schema of a form, no answers'),
  'GET /anmelden': signIn,
  'POST /anmelden': signIn,
  'POST /abmelden': publicBecause('ends the caller’s own session, if any'),
  'GET /anmelden/vertrauensniveau': signIn,
  'GET /anmelden/weiter': signedIn,
  'GET /anmelden/zweiter-faktor': publicBecause('the second step of the caller’s own sign-in (needs a half-signed-in session)'),
  'POST /anmelden/zweiter-faktor': publicBecause('the second step of the caller’s own sign-in (needs a half-signed-in session)'),
  'GET /anmelden/zweiter-faktor/einrichten': publicBecause('the second step of the caller’s own sign-in (needs a half-signed-in session)'),
  'POST /anmelden/zweiter-faktor/einrichten': publicBecause('the second step of the caller’s own sign-in (needs a half-signed-in session)'),
  'GET /registrieren': signIn,
  'POST /registrieren': signIn,
  'GET /konto/bestaetigen': byToken,
  'POST /konto/bestaetigen': byToken,
  'GET /passwort-vergessen': signIn,
  'POST /passwort-vergessen': signIn,
  'GET /passwort-neu': byToken,
  'POST /passwort-neu': byToken,
  'GET /anmelden/oidc/:provider': signIn,
  'GET /anmelden/oidc/:provider/rueckkehr': signIn,
  'GET /demo-idp': publicBecause('the demo identity provider: registered only with DEMO_DATA outside production'),
  'POST /demo-idp': publicBecause('the demo identity provider: registered only with DEMO_DATA outside production'),
  'GET /dev/mail': publicBecause('the development mail drop: not registered when NODE_ENV=production'),
  'GET /dev/mail/:name': publicBecause('the development mail drop: not registered when NODE_ENV=production'),
  'GET /konto/email-bestaetigen': byToken,
  'POST /konto/email-bestaetigen': byToken,
  'GET /konto/einladung': byToken,
  'POST /konto/einladung': byToken,
  'GET /antrag/:procedureKey': publicBecause('a procedure’s start page'),
  'POST /antrag/:procedureKey': publicBecause('starts a draft of the caller’s own (anonymous procedures need no account; others send the visitor to sign in)'),
  'GET /antrag/:procedureKey/runde': publicBecause('a call’s start page (Ausschreibungsrunde)'),
  'POST /antrag/:procedureKey/runde': signedIn,

  'GET /konto': signedIn,
  'POST /konto/profil': signedIn,
  'POST /konto/email': signedIn,
  'POST /konto/passwort': signedIn,
  'POST /konto/handeln-fuer': signedIn,
  'POST /konto/sitzungen/alle-beenden': signedIn,
  'GET /konto/zweiter-faktor': signedIn,
  'POST /konto/zweiter-faktor': signedIn,
  'POST /konto/zweiter-faktor/neu': signedIn,
  'GET /konto/loeschen': signedIn,
  'POST /konto/loeschen': signedIn,
  'GET /antraege': signedIn,
  'GET /postfach': signedIn,
  'GET /api/v1/me': signedIn,
  'POST /api/v1/applications': signedIn,

  'POST /konto/sitzungen/:id/beenden': owner,
  'GET /konto/organisationen/:id': owner,
  'POST /konto/organisationen/:id/einladen': owner,
  'POST /konto/organisationen/:id/einladungen/:invitationId/zurueckziehen': owner,
  'POST /konto/organisationen/:id/mitglieder/:personId/rolle': owner,
  'POST /konto/organisationen/:id/mitglieder/:personId/entfernen': owner,
  'POST /konto/organisationen/:id/verlassen': owner,
  'GET /antraege/:id/seite/:pageId': owner,
  'POST /antraege/:id/seite/:pageId': owner,
  'GET /antraege/:id/gespeichert': owner,
  'GET /antraege/:id/fortsetzen/:token': owner,
  'GET /antraege/:id/pruefen': owner,
  'POST /antraege/:id/absenden': owner,
  'GET /antraege/:id/bestaetigung': owner,
  'GET /antraege/:id': owner,
  'POST /antraege/:id/nachrichten': owner,
  'POST /antraege/:id/als-vorlage': owner,
  'GET /antraege/:id/eingangsbestaetigung.pdf': owner,
  'GET /antraege/:id/dateien/:sha256': owner,
  'GET /antraege/:id/antworten': owner,
  'POST /antraege/:id/antworten': owner,
  'GET /antraege/:id/zuruecknehmen': owner,
  'POST /antraege/:id/zuruecknehmen': owner,
  'GET /api/v1/applications/:id': owner,
  'PATCH /api/v1/applications/:id': owner,
  'POST /api/v1/applications/:id/attachments': owner,
  'POST /api/v1/applications/:id/validate': owner,
  'POST /api/v1/applications/:id/submit': owner,
  'GET /api/v1/applications/:id/messages': owner,
  'POST /api/v1/applications/:id/messages': owner,
  'POST /api/v1/applications/:id/withdrawal': owner,

  'GET /bearbeitung': staff,
  'GET /api/v1/cases': staff,
  'GET /bearbeitung/akten/suche': staff,
  'GET /api/v1/records/search': staff,
  'GET /bearbeitung/vorgaenge/:id': kase,
  'GET /bearbeitung/vorgaenge/:id/dateien/:sha256': kase,
  'POST /bearbeitung/vorgaenge/:id/aktion': kase,
  'POST /bearbeitung/vorgaenge/:id/zuweisung': kase,
  'POST /bearbeitung/vorgaenge/:id/freigabe': kase,
  'POST /bearbeitung/vorgaenge/:id/notiz': kase,
  'POST /bearbeitung/vorgaenge/:id/nachricht': kase,
  'POST /bearbeitung/vorgaenge/:id/wiedervorlage': kase,
  'POST /bearbeitung/vorgaenge/:id/gebuehr': kase,
  'POST /bearbeitung/vorgaenge/:id/entwurf': kase,
  'GET /api/v1/cases/:id': kase,
  'GET /api/v1/cases/:id/files/:sha256': kase,
  'POST /api/v1/cases/:id/actions': kase,
  'POST /api/v1/cases/:id/assignment': kase,
  'POST /api/v1/cases/:id/approval': kase,
  'POST /api/v1/cases/:id/messages': kase,

  'GET /verwaltung/personal': admin,
  'GET /verwaltung/personal/neu': admin,
  'POST /verwaltung/personal/neu': admin,
  'GET /verwaltung/teams': admin,
  'POST /verwaltung/teams': admin,
  'GET /verwaltung/api-clients': admin,
  'POST /verwaltung/api-clients': admin,
  'GET /verwaltung/leistungen': admin,
  'GET /verwaltung/verfahren': admin,
  'GET /verwaltung/verfahren/:key/workflow.svg': admin,
  'GET /verwaltung/verfahren/:key/ablauf': admin,
  'GET /verwaltung/ausschreibungen': admin,
  'POST /verwaltung/ausschreibungen': admin,
  // Steering: the tenant's figures for the steering role and its administrators (no case or person in them).
  'GET /steuerung': admin,
  'GET /steuerung/reifegrad': admin,
  'GET /steuerung/tempo': admin,
  'GET /steuerung/behoerden': admin,
  'GET /steuerung/nutzung': admin,
  'GET /steuerung/vergleich': admin,
  'GET /offene-daten/katalog.rdf': publicBecause('open data: the DCAT-AP.de description of the monthly aggregates'),
  'GET /offene-daten/antraege-monatlich.csv': publicBecause('open data: monthly aggregates, counts below 5 suppressed, no person in them'),
  'GET /offene-daten/bearbeitung-monatlich.csv': publicBecause('open data: monthly aggregates, counts below 5 suppressed, no person in them'),
  'GET /api/v1/steering/comparison': tenantFigures,
  'GET /api/v1/steering/comparison.csv': tenantFigures,
  'GET /api/v1/steering/use': tenantFigures,
  'GET /api/v1/steering/use.csv': tenantFigures,
  'GET /api/v1/steering/use-months': tenantFigures,
  'GET /api/v1/steering/use-months.csv': tenantFigures,
  'GET /api/v1/steering/use-abandoned': tenantFigures,
  'GET /api/v1/steering/use-abandoned.csv': tenantFigures,
  'GET /api/v1/steering/use-submitters': tenantFigures,
  'GET /api/v1/steering/use-submitters.csv': tenantFigures,
  'GET /api/v1/steering/maturity-authorities': tenantFigures,
  'GET /api/v1/steering/maturity-authorities.csv': tenantFigures,
  'GET /api/v1/steering/maturity': tenantFigures,
  'GET /api/v1/steering/maturity.csv': tenantFigures,
  'GET /api/v1/steering/speed': tenantFigures,
  'GET /api/v1/steering/speed.csv': tenantFigures,
  'GET /api/v1/steering/trend': tenantFigures,
  'GET /api/v1/steering/trend.csv': tenantFigures,
  'GET /steuerung/reifegrad/:serviceKey': admin, // a service of the caller's own tenant's catalogue
  'POST /steuerung/reifegrad/:serviceKey': admin, // a service of the caller's own tenant's catalogue
  'PUT /api/v1/steering/maturity/:serviceKey': admin, // a service of the caller's own tenant's catalogue
  'GET /verwaltung/personal/:id': adminItem,
  'POST /verwaltung/personal/:id/rollen': adminItem,
  'POST /verwaltung/personal/:id/rollen/:membership/entfernen': adminItem,
  'POST /verwaltung/personal/:id/rollen/:membership/team': adminItem,
  'POST /verwaltung/personal/:id/deaktivieren': adminItem,
  'POST /verwaltung/teams/:id/loeschen': adminItem,
  'POST /verwaltung/api-clients/:id/widerrufen': adminItem,
  'GET /verwaltung/leistungen/:id/:lang': adminItem,
  'POST /verwaltung/leistungen/:id/:lang': adminItem,
  'GET /verwaltung/leistungen/:id/:lang/versionen/:version': adminItem,
  'GET /verwaltung/leistungen/:id/zustaendigkeiten': adminItem,
  'POST /verwaltung/leistungen/:id/zustaendigkeiten': adminItem,
  'POST /verwaltung/leistungen/:id/zustaendigkeiten/entfernen': adminItem,
  // The procedure studio: procedures are shared by every tenant ("Einer für Alle"), so each tenant's procedure
  // administrators see (and approve) the same versions; nobody else gets there.
  'GET /verwaltung/verfahren/:key/:version': admin,
  'POST /verwaltung/verfahren/:key/:version/pruefen': admin,
  'POST /verwaltung/verfahren/:key/:version/freigeben': admin,
  'POST /verwaltung/verfahren/:key/:version/zurueck': admin,
  'POST /verwaltung/verfahren/:key/einstellen': admin,
  'POST /verwaltung/verfahren/:key/:version/bearbeiten': admin,
  'GET /verwaltung/verfahren/:key/arbeitsstand': admin,
  'POST /verwaltung/verfahren/:key/arbeitsstand/entwurf': admin,
  'GET /verwaltung/verfahren/:key/:version/vorschau': admin,
  'GET /verwaltung/verfahren/:key/:version/vorschau/seite/:pageId': admin,
  'POST /verwaltung/verfahren/:key/:version/vorschau/seite/:pageId': admin,
  'GET /verwaltung/verfahren/:key/:version/vorschau/pruefen': admin,
  'POST /verwaltung/verfahren/:key/:version/vorschau/absenden': admin,
  'GET /verwaltung/verfahren/:key/:version/vorschau/eingangsbestaetigung.pdf': admin,
  'POST /verwaltung/ausschreibungen/:callId/stellen': adminItem,
  'GET /verwaltung/ausschreibungen/:callId/rangliste': adminItem,
  'GET /verwaltung/ausschreibungen/:callId/rangliste.csv': adminItem,

  // E-Akte: lists and collection routes answer each staff member for their own authority; an Akte,
  // Vorgang, Dokument, plan or unit that is not the caller's (here: none seeded for them) is refused.
  'GET /verwaltung/aktenplan': staff,
  'POST /verwaltung/aktenplan': staff,
  'GET /bearbeitung/akten-zugriffe': staff,
  'GET /api/v1/records/plans': staff,
  'POST /api/v1/records/plans': staff,
  'GET /api/v1/records/access': staff,
  'GET /bearbeitung/vorgaenge/:id/akte': adminItem, // the fixture's case is not filed (no Aktenplan seeded): 404 for everyone
  'POST /bearbeitung/vorgaenge/:id/notizen/:note/zur-akte': kase,
  'GET /api/v1/records/documents/:id/versions/:number/content': adminItem,
  'GET /api/v1/records/files/:id': adminItem,
  'GET /api/v1/records/plans/:planId': adminItem,
  'GET /api/v1/records/plans/:planId/changes': adminItem,
  'GET /api/v1/records/plans/:planId/csv': adminItem,
  'GET /api/v1/records/plans/:planId/tree': adminItem,
  'GET /api/v1/records/plans/:planId/xdomea': adminItem,
  'GET /api/v1/records/processes/:id': adminItem,
  'GET /api/v1/records/settings/:authorityId': adminItem,
  'GET /bearbeitung/akten/:id': adminItem,
  'GET /bearbeitung/akten/:id/zugriffe': adminItem,
  'GET /bearbeitung/akten/dokumente/:id/versionen/:number': adminItem,
  'GET /verwaltung/aktenplan/:planId': adminItem,
  'GET /verwaltung/aktenplan/:planId/aktenplan.csv': adminItem,
  'GET /verwaltung/aktenplan/:planId/aktenplan.xml': adminItem,
  'GET /verwaltung/aktenplan/:planId/einheiten/:unitId': adminItem,
  'GET /verwaltung/aktenplan/:planId/einheiten/neu': adminItem,
  'GET /verwaltung/aktenplan/:planId/historie': adminItem,
  'GET /verwaltung/aktenplan/einstellungen/:authorityId': adminItem,
  'POST /api/v1/records/documents/:id/versions': adminItem,
  'POST /api/v1/records/files/:id/close': adminItem,
  'POST /api/v1/records/files/:id/reopen': adminItem,
  'POST /api/v1/records/plans/:planId/units': adminItem,
  'POST /api/v1/records/plans/:planId/units/:unitId/retirement': adminItem,
  'POST /api/v1/records/processes/:id/close': adminItem,
  'POST /api/v1/records/processes/:id/documents': adminItem,
  'POST /api/v1/records/processes/:id/move': adminItem,
  'POST /api/v1/records/processes/:id/notes': adminItem,
  'POST /api/v1/records/processes/:id/reopen': adminItem,
  'POST /bearbeitung/akten/:id/wiedereroeffnen': adminItem,
  'POST /bearbeitung/akten/:id/zda': adminItem,
  'POST /bearbeitung/akten/vorgaenge/:id/dokument': adminItem,
  'POST /bearbeitung/akten/vorgaenge/:id/vermerk': adminItem,
  'POST /bearbeitung/akten/vorgaenge/:id/verschieben': adminItem,
  'POST /bearbeitung/akten/vorgaenge/:id/wiedereroeffnen': adminItem,
  'POST /bearbeitung/akten/vorgaenge/:id/zda': adminItem,
  'POST /verwaltung/aktenplan/:planId/einheiten/:unitId': adminItem,
  'POST /verwaltung/aktenplan/:planId/einheiten/:unitId/stilllegen': adminItem,
  'POST /verwaltung/aktenplan/:planId/einheiten/neu': adminItem,
  'POST /verwaltung/aktenplan/:planId/import': adminItem,
  'POST /verwaltung/aktenplan/einstellungen/:authorityId': adminItem,
  'PUT /api/v1/records/settings/:authorityId': adminItem,
  'PUT /api/v1/records/plans/:planId/xdomea': adminItem,
  'PUT /api/v1/records/plans/:planId/units/:unitId': adminItem,
  'PUT /api/v1/records/plans/:planId/tree': adminItem,
  'PUT /api/v1/records/plans/:planId/csv': adminItem,
  // E-Akte, records-export: one Akte of an authority (the fixture has none, so every caller must be refused; positive tests in test/records/export/).
  'POST /api/v1/records/files/:id/export': adminItem,
  'GET /api/v1/records/files/:id/evidence': adminItem,
  'GET /bearbeitung/akten/:id/akteneinsicht': adminItem,
  'POST /bearbeitung/akten/:id/akteneinsicht': adminItem,
  'GET /bearbeitung/akten/:id/beweisdatensatz': adminItem,
  // records: Aussonderung (the records manager's work lists and actions; items only for the Akte's authority)
  'GET /bearbeitung/aussonderung': staff,
  'POST /bearbeitung/aussonderung/nachrichten': staff,
  'POST /bearbeitung/aussonderung/angebot': staff,
  'POST /bearbeitung/aussonderung/sperren': staff,
  'POST /bearbeitung/aussonderung/sperren/:id/aufheben': adminItem,
  'POST /bearbeitung/aussonderung/vernichtung/:id/beantragen': adminItem,
  'POST /bearbeitung/aussonderung/vernichtung/:id/freigeben': adminItem,
  'GET /api/v1/records/aussonderung/due': staff,
  'GET /api/v1/records/aussonderung/holds': staff,
  'PUT /api/v1/records/aussonderung/holds/:id': adminItem,
  'DELETE /api/v1/records/aussonderung/holds/:id': adminItem,
  'GET /api/v1/records/aussonderung/offers': staff,
  'POST /api/v1/records/aussonderung/offers': staff,
  'GET /api/v1/records/aussonderung/offers/:id/0501': adminItem,
  'GET /api/v1/records/aussonderung/offers/:id/0503': adminItem,
  'GET /api/v1/records/aussonderung/offers/:id/0505': adminItem,
  'POST /api/v1/records/aussonderung/messages': staff,
  'POST /api/v1/records/aussonderung/destructions/:id/request': adminItem,
  'POST /api/v1/records/aussonderung/destructions/:id/approve': adminItem,
  'GET /api/v1/records/aussonderung/deletions': staff,
  // records: Abgabe to an external DMS (the records manager's work list; a hand-over only for its authority)
  'GET /bearbeitung/abgabe': staff,
  'POST /bearbeitung/abgabe/nachrichten': staff,
  'POST /bearbeitung/abgabe/:id/wiederholen': adminItem,
  'GET /api/v1/records/abgabe/handovers': staff,
  'POST /api/v1/records/abgabe/handovers/:id/retry': adminItem,
  'POST /api/v1/records/abgabe/messages': staff,
  // The platform operator's tenant pages.
  'GET /betrieb/mandanten': platform,
  'GET /betrieb/mandanten/neu': platform,
  'POST /betrieb/mandanten/neu': platform,
  'GET /betrieb/mandanten/:slug': platform,
  'POST /betrieb/mandanten/:slug/hostnamen': platform,
  'POST /betrieb/mandanten/:slug/einstellungen': platform,
};

/** The callers tried; `citizen` is the owner, who is a citizen like any other on staff routes. */
const callers = ['anonymous', 'citizen', 'otherCitizen', 'staffOfOtherAuthority', 'staffOfOtherTenant', 'apiClientWithoutScope'] as const;
type Caller = (typeof callers)[number];

/** What a caller may get: `deny` (401, 403, 404, or sent to sign in) or `own` (anything but a 5xx, none of the owner's data). */
type Expected = 'deny' | 'own';

function expected(routeClass: RouteClass, caller: Caller): Expected {
  switch (routeClass.kind) {
    case 'public':
      return 'own';
    case 'signedIn':
      return caller === 'anonymous' ? 'deny' : 'own';
    case 'owner':
      return caller === 'citizen' ? 'own' : 'deny';
    case 'case':
    case 'adminItem':
    case 'platform':
      return 'deny';
    case 'staff':
      return caller === 'staffOfOtherAuthority' || caller === 'staffOfOtherTenant' ? 'own' : 'deny';
    case 'admin':
      return caller === 'staffOfOtherTenant' ? 'own' : 'deny';
    case 'tenantFigures':
      return caller === 'staffOfOtherTenant' || caller === 'apiClientWithoutScope' ? 'own' : 'deny';
  }
}

function isDenial(response: LightMyRequestResponse): boolean {
  if ([401, 403, 404].includes(response.statusCode)) return true;
  const location = String(response.headers.location ?? '');
  return response.statusCode >= 300 && response.statusCode < 400 && /^\/anmelden(\?|$)/.test(location);
}

function identityOf(fixture: SecurityFixture, caller: Caller) {
  return caller === 'citizen' ? fixture.owner : fixture[caller];
}

describe('authorization matrix: every route × every caller who must not get at the owner’s things', () => {
  let app: HttpApp;
  let fixture: SecurityFixture;
  let schemas: Map<string, JsonSchema>;
  useTestApp(async (opened) => {
    app = opened.app;
    fixture = await seedSecurityFixture(app, opened.runtime);
    schemas = await apiBodySchemas(app);
  });

  it('classifies every registered route, and only those (a new route must be added above)', () => {
    const registered = app.routeTable.routes.map(routeKey).sort();
    assert.deepEqual(
      registered.filter((key) => !(key in routes)),
      [],
      'routes without a class',
    );
    assert.deepEqual(
      Object.keys(routes).filter((key) => !registered.includes(key)),
      [],
      'classified routes that do not exist',
    );
  });

  for (const [key, routeClass] of Object.entries(routes)) {
    it(`${key} (${routeClass.kind})`, async () => {
      const route = app.routeTable.routes.find((r) => routeKey(r) === key);
      assert.ok(route, `${key} is not registered`);
      const wrong: string[] = [];
      for (const caller of callers) {
        const response = await requestAs(app, fixture, identityOf(fixture, caller), route, schemas);
        const outcome = `${caller}: ${response.statusCode}${response.headers.location ? ` → ${response.headers.location}` : ''}`;
        if (response.statusCode >= 500) wrong.push(`${outcome} (server error)`);
        else if (expected(routeClass, caller) === 'deny' && !isDenial(response)) wrong.push(`${outcome} (expected a refusal)`);
        const leaked = caller === 'citizen' ? undefined : fixture.ownerMarkers.find((marker) => response.body.includes(marker));
        if (leaked) wrong.push(`${outcome} (contains the owner’s "${leaked}")`);
      }
      assert.deepEqual(wrong, []);
    });
  }

  it('positive control: the owner and the receiving authority’s staff do reach what the others were refused', async () => {
    const reached = async (identity: ReturnType<typeof identityOf>, key: string) => {
      const route = app.routeTable.routes.find((r) => routeKey(r) === key)!;
      const response = await requestAs(app, fixture, identity, route, schemas);
      return `${key}: ${response.statusCode}`;
    };
    const ownerReads = Object.keys(routes).filter((key) => routes[key]!.kind === 'owner' && key.startsWith('GET ') && /:id/.test(key));
    const caseReads = Object.keys(routes).filter((key) => routes[key]!.kind === 'case' && key.startsWith('GET '));
    for (const key of ownerReads) assert.match(await reached(fixture.owner, key), /: (200|303)$/);
    for (const key of caseReads) assert.match(await reached(fixture.caseStaff, key), /: 200$/);
  });
});
