import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../../src/core/db/index.js';
import { ForbiddenError, ValidationError } from '../../../src/core/errors.js';
import { getFile } from '../../../src/modules/records/files/service.js';
import { addDocument, addVersion, createFile, openProcess, systemAuthor, type NewDocument } from '../../../src/modules/records/files/write.js';
import type { RecordProcess } from '../../../src/modules/records/files/model.js';
import { reindexAll } from '../../../src/modules/records/search/reindex.js';
import { rareObjects, searchRecords, type SearchInput } from '../../../src/modules/records/search/service.js';
import { partyTermsOf, termsOf } from '../../../src/modules/records/search/terms.js';
import { authoritiesOf, caseTestModules, citizen, staff, tenantId, type Authorities, type Staff } from '../../cases/helpers.js';
import { createTestRuntime, type TestRuntime } from '../../helpers/runtime.js';
import { demoUnits, givePlan } from '../files/helpers.js';

describe('records search', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let geologist: Staff;
  let miner: Staff;
  let lfulgProcess: RecordProcess;
  let obaProcess: RecordProcess;

  const text = (body: string) => ({ bytes: Buffer.from(body), fileName: 'text.txt', mediaType: 'text/plain', text: body });
  const doc = (process: RecordProcess, input: Partial<NewDocument> & { body: string }) =>
    inTransaction(runtime.ctx.db, (trx) =>
      addDocument(trx, runtime.ctx, process, { kind: 'anlage', direction: 'in', title: 'Dokument', documentDate: '2026-03-01', ...input, content: text(input.body) }, systemAuthor),
    );
  const openAkte = async (authorityId: string, unitId: string, kennzeichen: string, subject: string) =>
    inTransaction(runtime.ctx.db, async (trx) => {
      const file = await createFile(
        trx,
        runtime.ctx,
        { tenantId: tenant, authorityId, authorityKey: 'x', unit: { id: unitId, kennzeichen }, subject, formationKey: null },
        systemAuthor,
      );
      return openProcess(trx, runtime.ctx, file, { subject, caseId: null }, systemAuthor);
    });
  const titles = async (actor: Staff, input: SearchInput) => (await searchRecords(runtime.ctx, actor, input)).hits.map((hit) => hit.document.title).sort();

  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    runtime.clock.set(new Date('2026-03-02T09:00:00Z'));
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
    geologist = staff(tenant, authorities.lfulg.id, 'caseWorker', 'Sabine Geologin');
    miner = staff(tenant, authorities.oba.id, 'caseWorker', 'Bernd Bergmann');
    const geology = await givePlan(runtime, tenant, authorities.lfulg.id, demoUnits.geology!);
    const mining = await givePlan(runtime, tenant, authorities.oba.id, demoUnits.mining!);
    lfulgProcess = await openAkte(authorities.lfulg.id, geology['52.10.20']!, '52.10.20', 'Bohranzeige Erdwärmesonde Freiberg');
    obaProcess = await openAkte(authorities.oba.id, mining['31.20.10']!, '31.20.10', 'Betriebsplan Tiefbohrung');
    await doc(lfulgProcess, {
      title: 'Schichtenverzeichnis',
      kind: 'anlage',
      documentDate: '2026-02-10',
      sender: 'Bohrfirma Müller GmbH',
      body: 'Die Bohrung erreichte 120 m Tiefe im Gneis.',
    });
    await doc(lfulgProcess, {
      title: 'Bescheid',
      kind: 'bescheid',
      direction: 'out',
      documentDate: '2026-03-20',
      recipient: 'Anna Schmidt',
      body: 'Die Anzeige wird bestätigt. Grundwasser ist zu schützen.',
    });
    await doc(lfulgProcess, {
      title: 'Vermerk Ortstermin',
      kind: 'vermerk',
      direction: 'internal',
      documentDate: '2026-04-05',
      body: 'Ortstermin mit Herrn Schmidt, keine Auffälligkeiten.',
    });
    await doc(obaProcess, { title: 'Geheimes Gutachten', kind: 'anlage', documentDate: '2026-03-01', body: 'Bohrungen im Revier: vertrauliche Lagerstättendaten.' });
  });
  after(() => runtime.dispose());

  it('finds a document by a word of its text with German stemming: "Bohrungen" finds "Bohrung"', async () => {
    assert.deepEqual(await titles(geologist, { q: 'Bohrungen' }), ['Schichtenverzeichnis']);
    assert.deepEqual(await titles(geologist, { q: 'gneis TIEFE' }), ['Schichtenverzeichnis']);
    assert.deepEqual(await titles(geologist, { q: 'Bohrung Grundwasser' }), [], 'every word must match');
  });

  it('matches words of the Betreff of the Vorgang or Akte, with umlauts folded', async () => {
    assert.equal((await titles(geologist, { q: 'Erdwaermesonde' })).length, 3);
    assert.deepEqual(await titles(geologist, { q: 'Freiberg Grundwasser' }), ['Bescheid']);
  });

  it('never shows another authority’s documents, and refuses who may not read the E-Akte anywhere', async () => {
    assert.deepEqual(await titles(miner, { q: 'Bohrungen' }), ['Geheimes Gutachten']);
    assert.deepEqual(await titles(geologist, { q: 'Lagerstättendaten' }), []);
    assert.deepEqual(await titles(geologist, { aktenzeichen: '31.20.10' }), []);
    const otherTenant = { ...geologist, tenantId: await tenantId(runtime, 'bw') };
    await assert.rejects(searchRecords(runtime.ctx, otherTenant, { q: 'Bohrung' }), ForbiddenError);
    await assert.rejects(searchRecords(runtime.ctx, staff(tenant, authorities.lfulg.id, 'procedureAdmin'), { q: 'Bohrung' }), ForbiddenError);
    await assert.rejects(searchRecords(runtime.ctx, citizen(tenant), { q: 'Bohrung' }), ForbiddenError);
    const scoped = { kind: 'apiClient' as const, tenantId: tenant, clientId: 'c1', authorityId: authorities.oba.id, scopes: ['records.read'] };
    assert.deepEqual(
      (await searchRecords(runtime.ctx, scoped, { q: 'Bohrungen' })).hits.map((h) => h.document.title),
      ['Geheimes Gutachten'],
    );
    await assert.rejects(searchRecords(runtime.ctx, { ...scoped, scopes: ['case.read'] }, { q: 'Bohrungen' }), ForbiddenError);
  });

  it('filters by date range (inclusive, German or ISO dates), type, party and Aktenzeichen prefix', async () => {
    assert.deepEqual(await titles(geologist, { aktenzeichen: '52.10.20', from: '01.03.2026', to: '2026-03-20' }), ['Bescheid']);
    assert.deepEqual(await titles(geologist, { aktenzeichen: '52.10.20', from: '2026-03-21' }), ['Vermerk Ortstermin']);
    assert.deepEqual(await titles(geologist, { kind: 'bescheid' }), ['Bescheid']);
    assert.deepEqual(await titles(geologist, { q: 'Schmidt' }), ['Bescheid', 'Vermerk Ortstermin'], 'the full text knows the name');
    assert.deepEqual(await titles(geologist, { party: 'schmidt' }), ['Bescheid'], 'as a party only where sender or recipient');
    assert.deepEqual(await titles(geologist, { party: 'Mueller' }), ['Schichtenverzeichnis']);
    assert.deepEqual(await titles(geologist, { aktenzeichen: `${lfulgProcess.aktenzeichen}` }), ['Bescheid', 'Schichtenverzeichnis', 'Vermerk Ortstermin']);
  });

  it('pages newest first', async () => {
    const many = await openAkte(
      authorities.lfulg.id,
      (await runtime.ctx.db.selectFrom('record_files').select('plan_unit_id').where('id', '=', lfulgProcess.fileId).executeTakeFirstOrThrow()).plan_unit_id,
      '52.10.20',
      'Sammelakte Pegel',
    );
    for (let day = 1; day <= 25; day++) await doc(many, { title: `Pegelmessung ${day}`, documentDate: `2026-01-${String(day).padStart(2, '0')}`, body: 'Pegelstand gemessen' });
    const first = await searchRecords(runtime.ctx, geologist, { q: 'Pegelmessungen' });
    assert.equal(first.hits.length, 20);
    assert.equal(first.hasMore, true);
    assert.equal(first.hits[0]!.document.title, 'Pegelmessung 25');
    const second = await searchRecords(runtime.ctx, geologist, { q: 'Pegelmessungen', page: 2 });
    assert.deepEqual(
      second.hits.map((h) => h.document.title),
      ['Pegelmessung 5', 'Pegelmessung 4', 'Pegelmessung 3', 'Pegelmessung 2', 'Pegelmessung 1'],
    );
    assert.equal(second.hasMore, false);
  });

  it('a new version replaces the document’s terms', async () => {
    const filed = await doc(lfulgProcess, { title: 'Entwurf', body: 'Basalt' });
    await inTransaction(runtime.ctx.db, (trx) => addVersion(trx, runtime.ctx, { ...filed, tenantId: tenant }, text('Granit'), 'Korrektur', systemAuthor));
    assert.deepEqual(await titles(geologist, { q: 'Basalt' }), []);
    assert.deepEqual(await titles(geologist, { q: 'Granit' }), ['Entwurf']);
  });

  it('a search is not a read of the access log; opening a hit is', async () => {
    const count = async () =>
      Number(
        (
          await runtime.ctx.db
            .selectFrom('record_access')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const { hits } = await searchRecords(runtime.ctx, geologist, { q: 'Gneis' });
    assert.equal(await count(), before);
    await getFile(runtime.ctx, geologist, hits[0]!.file.id);
    assert.equal(await count(), before + 1);
  });

  it('refuses bad input field by field', async () => {
    const problems = async (input: SearchInput) => {
      const error = await searchRecords(runtime.ctx, geologist, input).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ValidationError);
      return error.fields.map((f) => `${f.pointer} ${f.code}`);
    };
    assert.deepEqual(await problems({}), ['/q records.search.error.noCriteria']);
    assert.deepEqual(await problems({ q: 'Bohrung', from: '31.02.2026', to: 'gestern' }), ['/from records.search.error.date', '/to records.search.error.date']);
    assert.deepEqual(await problems({ from: '2026-05-01', to: '2026-04-01' }), ['/to records.search.error.range']);
    assert.deepEqual(await problems({ aktenzeichen: '52%' }), ['/aktenzeichen records.search.error.aktenzeichen']);
    assert.deepEqual(await problems({ q: 'x', page: 0 }), ['/page records.search.error.page']);
    assert.deepEqual(await problems({ from: '1.3.2026', to: '2026-13-01' }), ['/to records.search.error.date'], 'German and ISO notation, only days that exist');
  });

  it('rebuilds the index for what was filed before it existed', async () => {
    await runtime.ctx.db.deleteFrom('record_search_terms').execute();
    assert.deepEqual(await titles(geologist, { q: 'Gneis' }), []);
    await reindexAll(runtime.ctx.db);
    assert.deepEqual(await titles(geologist, { q: 'Gneis' }), ['Schichtenverzeichnis']);
  });
  it('orders Dokumente of one date by id, pages without repeats, and merges the pages of a reader of several authorities', async () => {
    for (let i = 1; i <= 14; i++) {
      await doc(lfulgProcess, { title: `Ablesung L${i}`, documentDate: '2026-06-01', body: 'Kontrollablesung' });
      await doc(obaProcess, { title: `Ablesung O${i}`, documentDate: i % 2 ? '2026-06-01' : '2026-06-02', body: 'Kontrollablesung' });
    }
    const both: Staff = { ...geologist, memberships: [...geologist.memberships, ...miner.memberships] };
    const pages = await Promise.all([1, 2].map((page) => searchRecords(runtime.ctx, both, { q: 'Kontrollablesung', page })));
    const hits = pages.flatMap((p) => p.hits.map((h) => h.document));
    assert.deepEqual([pages[0]!.hasMore, pages[1]!.hasMore, hits.length, new Set(hits.map((h) => h.id)).size], [true, false, 28, 28]);
    const expected = [...hits].sort((a, b) => (a.documentDate === b.documentDate ? b.id.localeCompare(a.id) : b.documentDate.localeCompare(a.documentDate)));
    assert.deepEqual(
      hits.map((h) => h.id),
      expected.map((h) => h.id),
    );
    assert.deepEqual(
      hits
        .slice(0, 7)
        .map((h) => h.title)
        .sort(),
      ['Ablesung O10', 'Ablesung O12', 'Ablesung O14', 'Ablesung O2', 'Ablesung O4', 'Ablesung O6', 'Ablesung O8'],
    );
    // The geologist alone sees the LfULG's half, in the same order.
    assert.deepEqual(
      (await searchRecords(runtime.ctx, geologist, { q: 'Kontrollablesung' })).hits.map((h) => h.document.id),
      expected.filter((h) => h.title.startsWith('Ablesung L')).map((h) => h.id),
    );
  });

  it('finds the same whether a word is rare (read through its objects) or common (read by date)', async () => {
    const both: Staff = { ...geologist, memberships: [...geologist.memberships, ...miner.memberships] };
    const queries: SearchInput[] = [
      { q: 'Kontrollablesung' },
      { q: 'Kontrollablesung', page: 2 },
      { q: 'Gneis', party: 'Müller' },
      { aktenzeichen: lfulgProcess.aktenzeichen, q: 'Kontrollablesung' },
    ];
    const search = () => Promise.all(queries.map((input) => searchRecords(runtime.ctx, both, input)));
    const asRare = await search();
    assert.deepEqual(
      asRare.map((result) => result.hits.length),
      [20, 8, 1, 14],
    );
    // Each word and name in more objects (elsewhere) than a rare one may be.
    for (const term of [...termsOf('Kontrollablesung Gneis'), ...partyTermsOf('Müller')]) {
      const rows = Array.from({ length: rareObjects + 1 }, (_, i) => ({ tenant_id: tenant, term, object_id: `elsewhere-${i}` }));
      for (let i = 0; i < rows.length; i += 300)
        await runtime.ctx.db
          .insertInto('record_search_terms')
          .values(rows.slice(i, i + 300))
          .execute();
    }
    assert.deepEqual(await search(), asRare);
  });
});
