import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { performAction } from '../../src/modules/cases/service.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { careerChanger, teacherA1, teacherA2 } from '../procedures/lehrerbewerbung-sample.js';
import { caseTestModules, citizen, encodeActor, staff, tenantId, type Actor } from '../cases/helpers.js';
import { applyInCall, openRound } from './helpers.js';
import { createPosting } from '../../src/modules/calls/index.js';
import { parseCsvRecords } from '../../src/core/csv.js';

describe('calls over HTTP: administration, choice of round, ranking lists', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let admin: Actor;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      tenant = await tenantId(runtime);
      admin = staff(tenant, null, 'procedureAdmin', 'Frieda Fachadmin');
    },
    { modules: caseTestModules, now: new Date('2026-04-06T08:00:00Z') },
  );

  const as = (actor: Actor) => ({ authorization: `Test ${encodeActor(actor)}` });
  const form = (actor: Actor, fields: Record<string, string>) => ({
    headers: { ...as(actor), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

  it('lets procedure administrators add rounds and postings, with field errors next to the field', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/verwaltung/ausschreibungen', headers: as(staff(tenant, null, 'caseWorker')) })).statusCode, 403);
    const bad = await app.inject({
      method: 'POST',
      url: '/verwaltung/ausschreibungen',
      ...form(admin, { procedureKey: 'lehrerbewerbung', title: 'Einstellung zum 01.08.2026', opensOn: '2026-03-01', closesOn: '2026-02-01' }),
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /href="#call-closesOn"/);
    assert.match(bad.body, /id="call-closesOn-error"[^>]*>.*Das Ende des Bewerbungszeitraums liegt vor seinem Beginn/);
    const good = await app.inject({
      method: 'POST',
      url: '/verwaltung/ausschreibungen',
      ...form(admin, {
        procedureKey: 'lehrerbewerbung',
        title: 'Einstellung zum 01.08.2026',
        startDate: '2026-08-01',
        opensOn: '2026-03-01',
        closesOn: '2026-04-28',
        groups: 'A1, A2',
      }),
    });
    assert.equal(good.statusCode, 303);
    const page = await app.inject({ method: 'GET', url: '/verwaltung/ausschreibungen', headers: as(admin) });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1[^>]*>Ausschreibungsrunden und Ausschreibungen<\/h1>/);
    assert.match(page.body, /Einstellung zum 01\.08\.2026[\s\S]*Bewerbergruppen: A1, A2/);
  });

  it('shows an applicant the open rounds and starts the draft in the chosen one', async () => {
    const round = await openRound(runtime, tenant, { title: 'Runde für die Auswahl' });
    const clara = citizen(tenant, { trustLevel: 'substanziell' });
    await createPosting(runtime.ctx, admin, round.id, {
      reference: 'GY-L-AUSWAHL',
      attributes: { school: 'Thomasschule Leipzig', schulart: 'gymnasium', subjects: ['mathematik', 'informatik'] },
      opensOn: '2026-03-15',
      closesOn: '2026-04-20',
    });
    const choice = await app.inject({ method: 'GET', url: '/antrag/lehrerbewerbung/runde', headers: as(clara) });
    assert.match(choice.body, /Für „Runde für die Auswahl“ bewerben/);
    assert.match(choice.body, /Bewerbung vom 01\.03\.2026 bis zum 28\.04\.2026/, 'dates as people read them');
    assert.match(
      choice.body,
      /Thomasschule Leipzig \(GY-L-AUSWAHL\)[\s\S]*?Gymnasium · Mathematik, Informatik · Bewerbung vom 15\.03\.2026 bis zum 20\.04\.2026/,
      'Schulart and subjects by name',
    );
    const english = await app.inject({ method: 'GET', url: '/antrag/lehrerbewerbung/runde', headers: { ...as(clara), 'accept-language': 'en' } });
    assert.match(choice.body, /<h2[^>]*id="postings"[^>]*>Schulscharfe Stellenausschreibungen<\/h2>/, "the pack's word for its postings");
    assert.match(english.body, /<h2[^>]*id="postings"[^>]*>School-specific postings<\/h2>/);
    assert.match(english.body, /Gymnasium \(grammar school\) · Mathematics, Computer science · Applications from 15\/03\/2026 to 20\/04\/2026/);
    const administration = await app.inject({ method: 'GET', url: '/verwaltung/ausschreibungen', headers: as(admin) });
    assert.match(administration.body, /<td[^>]*>Thomasschule Leipzig<\/td><td[^>]*>Gymnasium<\/td><td[^>]*>Mathematik, Informatik<\/td>/);
    assert.match(administration.body, /Einstellungstermin 01\.08\.2026/);
    const general = await app.inject({ method: 'POST', url: '/antrag/lehrerbewerbung', ...form(clara, {}) });
    assert.deepEqual([general.statusCode, general.headers.location], [303, '/antrag/lehrerbewerbung/runde'], 'the general start leads to the choice of the round');
    const started = await app.inject({ method: 'POST', url: '/antrag/lehrerbewerbung/runde', ...form(clara, { callId: round.id }) });
    assert.equal(started.statusCode, 303);
    const id = /^\/antraege\/([^/]+)\/seite\/person$/.exec(started.headers.location as string)![1]!;
    const entry = await runtime.ctx.db.selectFrom('call_entries').selectAll().where('application_id', '=', id).executeTakeFirstOrThrow();
    assert.equal(entry.call_id, round.id);
  });

  it('tells an applicant who already applied in a round at the choice of the round, before any draft', async () => {
    const round = await openRound(runtime, tenant, { title: 'Runde mit Bewerbung' });
    const jana = citizen(tenant, { trustLevel: 'substanziell' });
    const first = await applyInCall(runtime, jana, round.id);
    const reference = (await runtime.ctx.db.selectFrom('applications').select('reference').where('id', '=', first).executeTakeFirstOrThrow()).reference!;
    const choice = await app.inject({ method: 'GET', url: '/antrag/lehrerbewerbung/runde', headers: as(jana) });
    const section = choice.body.slice(choice.body.indexOf('Runde mit Bewerbung'));
    assert.ok(section.includes(`Sie haben sich in dieser Runde bereits beworben (${reference}).`), 'the earlier reference, before the first page');
    assert.match(section, /Möglich ist nur noch eine Bewerbung als: Pädagogische Fachkraft im Unterricht \(Förderschule\)\./);
    assert.doesNotMatch(choice.body.slice(0, choice.body.indexOf('Runde mit Bewerbung')), new RegExp(reference), 'only at the round applied in');

    await applyInCall(runtime, jana, round.id, teacherA1({ applicationKind: 'paedagogischeFachkraft', schulart: 'foerderschule', foerderschwerpunkt: 'lernen' }));
    const used = await app.inject({ method: 'GET', url: '/antrag/lehrerbewerbung/runde', headers: as(jana) });
    const usedSection = used.body.slice(used.body.indexOf('Runde mit Bewerbung'));
    assert.match(usedSection, /Je Runde ist nur eine Bewerbung möglich/);
    assert.doesNotMatch(usedSection.slice(0, usedSection.indexOf('</form>')), /Für „Runde mit Bewerbung“ bewerben/, 'no start button when nothing is left');
    const other = await app.inject({ method: 'GET', url: '/antrag/lehrerbewerbung/runde', headers: as(citizen(tenant, { trustLevel: 'substanziell' })) });
    assert.doesNotMatch(other.body, /bereits beworben/, 'another person is not told');
  });

  it('exports the ranking lists per Standort, Schulart and subject, ordered by group then grade', async () => {
    const round = await openRound(runtime, tenant, { title: 'Runde mit Rangliste' });
    const people = [
      ['Berger', careerChanger({ grade: 1.0 }, { familyName: 'Berger', subjects: { first: 'mathematik' } })],
      [
        'Adam "Ade"',
        teacherA1({
          familyName: 'Adam "Ade"',
          qualification: { kind: 'zweiteStaatspruefung', lehramt: 'oberschule', gradeFirst: 2.0, gradeSecond: 2.4, examYear: 2025, examLand: 'SN' },
        }),
      ],
      ['Zander', teacherA1({ familyName: 'Zander' })],
      ['Otto', teacherA2({ familyName: 'Otto', schulart: 'oberschule', subjects: { first: 'mathematik' } })],
    ] as const;
    const leipzig = (await runtime.ctx.db.selectFrom('authorities').select('id').where('key', '=', 'lasub-leipzig').where('tenant_id', '=', tenant).executeTakeFirstOrThrow()).id;
    const worker = staff(tenant, leipzig, 'caseWorker');
    for (const [, data] of people) {
      const id = await applyInCall(runtime, citizen(tenant, { trustLevel: 'substanziell' }), round.id, data);
      for (const [action, inputs] of [
        ['confirmReceipt', {}],
        ['rank', { group: 'a1' }],
      ] as const) {
        const kase = await runtime.ctx.db.selectFrom('cases').select(['id', 'version']).where('application_id', '=', id).executeTakeFirstOrThrow();
        await performAction(runtime.ctx, worker, kase.id, { action, version: Number(kase.version), inputs });
      }
    }
    const response = await app.inject({ method: 'GET', url: `/verwaltung/ausschreibungen/${round.id}/rangliste.csv`, headers: as(admin) });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.ok(response.body.startsWith('\uFEFF'), 'a byte-order mark, so German Excel reads UTF-8');
    assert.ok(response.body.split('\r\n')[0]!.includes('Behörde;'), 'semicolons, as German Excel expects');
    const [header, ...rows] = parseCsvRecords(response.body, ';').map((record) => record.fields);
    assert.deepEqual(header, [
      'Behörde',
      'Schulart',
      'Fach',
      'Rang',
      'Vorgangsnummer',
      'Name',
      'Bewerbergruppe',
      'Note',
      'Schwerbehindert',
      'Sorbisch',
      'Schulart (Schlüssel)',
      'Fach (Schlüssel)',
    ]);
    const list = (subject: string) => rows.filter((r) => r[2] === subject).map((r) => [r[0], r[1], r[3], r[5], r[6], r[7], r[8], r[10], r[11]]);
    const standort = 'Landesamt für Schule und Bildung, Standort Leipzig';
    assert.deepEqual(
      list('Mathematik'),
      [
        [standort, 'Oberschule', '1', 'Zander, Clara', 'A1', '1,7', 'nein', 'oberschule', 'mathematik'],
        [standort, 'Oberschule', '2', 'Adam "Ade", Clara', 'A1', '2,4', 'nein', 'oberschule', 'mathematik'],
        [standort, 'Oberschule', '3', 'Otto, Clara', 'A2', '2,3', 'nein', 'oberschule', 'mathematik'],
        [standort, 'Oberschule', '4', 'Berger, Jonas', 'B1', '1', 'nein', 'oberschule', 'mathematik'],
      ],
      'labels of the form, codes in the last columns',
    );
    assert.deepEqual(
      list('Physik').map((r) => r[3]),
      ['Zander, Clara', 'Adam "Ade", Clara'],
      'subject 2 has its own list',
    );
    const page = await app.inject({ method: 'GET', url: `/verwaltung/ausschreibungen/${round.id}/rangliste`, headers: as(admin) });
    assert.match(page.body, /<caption[^>]*>Landesamt für Schule und Bildung, Standort Leipzig · Schulart: Oberschule · Fach: Mathematik<\/caption>/);
    assert.match(page.body, /<td[^>]*>Zander, Clara<\/td><td[^>]*>A1<\/td><td[^>]*>1,7<\/td><td[^>]*>nein<\/td>/);
    const english = await app.inject({ method: 'GET', url: `/verwaltung/ausschreibungen/${round.id}/rangliste`, headers: { ...as(admin), 'accept-language': 'en' } });
    assert.match(english.body, /<caption[^>]*>[^<]* · School type: Oberschule \(secondary school\) · Subject: Mathematics<\/caption>/, 'labels in the language of the page');
    assert.match(english.body, /<td[^>]*>A1<\/td><td[^>]*>1\.7<\/td>/, 'a decimal point in English');

    const dresden = (await runtime.ctx.db.selectFrom('authorities').select('id').where('key', '=', 'lasub-dresden').where('tenant_id', '=', tenant).executeTakeFirstOrThrow()).id;
    const leipzigLead = await app.inject({ method: 'GET', url: `/verwaltung/ausschreibungen/${round.id}/rangliste`, headers: as(staff(tenant, leipzig, 'teamLead')) });
    assert.equal(leipzigLead.statusCode, 200, 'the Standort team lead opens the ranking list');
    assert.match(leipzigLead.body, /<caption[^>]*>Landesamt für Schule und Bildung, Standort Leipzig · Schulart: Oberschule · Fach: Mathematik<\/caption>/);
    const dresdenLead = await app.inject({ method: 'GET', url: `/verwaltung/ausschreibungen/${round.id}/rangliste.csv`, headers: as(staff(tenant, dresden, 'teamLead')) });
    assert.equal(dresdenLead.statusCode, 200);
    assert.doesNotMatch(dresdenLead.body, /Standort Leipzig/, "another Standort's lead does not see Leipzig's applicants");
    const caseWorker = await app.inject({ method: 'GET', url: `/verwaltung/ausschreibungen/${round.id}/rangliste`, headers: as(worker) });
    assert.equal(caseWorker.statusCode, 403, 'a case worker does not');
  });
});
