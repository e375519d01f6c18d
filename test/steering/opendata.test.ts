import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { HttpApp } from '../../src/core/module.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { fileHistory, steeringTestModules, tenantId } from './helpers.js';

/** Open data over the test history (March 2026), on 20 April 2026: the twelve months April 2025 – March 2026. */
describe('steering: open data (monthly aggregates, DCAT-AP.de)', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      await fileHistory(runtime, await tenantId(runtime));
      runtime.clock.set(new Date('2026-04-20T10:00:00Z'));
    },
    { modules: steeringTestModules },
  );

  it('describes the datasets in RDF/XML that parses, with a distribution for every dataset that can be downloaded', async () => {
    const response = await app.inject({ url: '/offene-daten/katalog.rdf' });
    assert.equal(response.statusCode, 200, 'public: no sign-in');
    assert.match(String(response.headers['content-type']), /^application\/rdf\+xml/);
    assert.equal(XMLValidator.validate(response.body), true);
    const rdf = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['dcat:dataset', 'dcat:keyword'].includes(name) }).parse(response.body)[
      'rdf:RDF'
    ];
    const catalog = rdf['dcat:Catalog'];
    assert.equal(catalog['dct:publisher']['foaf:Organization']['foaf:name'], 'Amt24 Sachsen');
    const datasets = catalog['dcat:dataset'].map((d: Record<string, Record<string, unknown>>) => d['dcat:Dataset']!);
    assert.equal(datasets.length, 2);
    for (const dataset of datasets) {
      assert.equal(dataset['dct:accrualPeriodicity']['@rdf:resource'], 'http://publications.europa.eu/resource/authority/frequency/MONTHLY');
      assert.match(dataset['dcatde:contributorID']['@rdf:resource'], /^http:\/\/dcat-ap\.de\/def\/contributors\//);
      assert.equal(dataset['dct:temporal']['dct:PeriodOfTime']['dcat:startDate']['#text'], '2025-04-01');
      assert.equal(dataset['dct:temporal']['dct:PeriodOfTime']['dcat:endDate']['#text'], '2026-03-31');
      const distribution = dataset['dcat:distribution']['dcat:Distribution'];
      assert.equal(distribution['dct:license']['@rdf:resource'], 'http://dcat-ap.de/def/licenses/dl-by-de/2.0');
      assert.equal(distribution['dct:format']['@rdf:resource'], 'http://publications.europa.eu/resource/authority/file-type/CSV');
      const url = new URL(distribution['dcat:downloadURL']['@rdf:resource']);
      const csv = await app.inject({ url: url.pathname });
      assert.equal(csv.statusCode, 200, url.pathname);
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
    }
    assert.deepEqual(
      datasets
        .map(
          (d: { 'dcat:distribution': { 'dcat:Distribution': { 'dcat:downloadURL': { '@rdf:resource': string } } } }) =>
            new URL(d['dcat:distribution']['dcat:Distribution']['dcat:downloadURL']['@rdf:resource']).pathname,
        )
        .sort(),
      ['/offene-daten/antraege-monatlich.csv', '/offene-daten/bearbeitung-monatlich.csv'],
    );
  });

  it('exports only suppressed monthly aggregates', async () => {
    const applications = (await app.inject({ url: '/offene-daten/antraege-monatlich.csv' })).body;
    assert.equal(
      applications,
      '\uFEFFVerfahren;Verfahrensschlüssel;Monat (JJJJ-MM);Begonnen;Abgeschickt\r\nAnzeige einer geologischen Untersuchung (Bohranzeige);bohranzeige;2026-03;7;6\r\n',
    );
    const cases = (await app.inject({ url: '/offene-daten/bearbeitung-monatlich.csv' })).body.split('\r\n');
    assert.equal(cases[0], '\uFEFFVerfahren;Verfahrensschlüssel;Behörde;Monat (JJJJ-MM);Eingegangen;Entschieden;Median (Arbeitstage);Frist eingehalten');
    assert.ok(
      cases.some((line) => /;2026-03;6;5;8;/.test(line)),
      'the LfULG: 6 received, 5 decided, median 8',
    );
    assert.ok(
      cases.some((line) => /;2026-03;6;< 5;;/.test(line)),
      'the Oberbergamt: 2 decided, suppressed, no median',
    );
    assert.doesNotMatch(cases.join('\n'), /Antragsteller/);
  });
});
