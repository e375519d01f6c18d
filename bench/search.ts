import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { projectPath } from '../src/core/paths.js';
import type { Service } from '../src/modules/catalog/index.js';
import { ServiceIndex } from '../src/modules/catalog/search.js';
import { completeText, type ServiceSeed } from '../src/modules/catalog/seed.js';
import type { BenchScenario } from './lib/scenario.js';

/**
 * In-process catalogue search over a generated catalogue of 10,000 services (the 42 shipped Saxon
 * services, varied with extra words so that no two are alike). Targets from the catalogue issue:
 * p95 ≤ 5 ms per query, index memory ≤ 50 MB.
 */

const size = 10_000;
const queries = ['Erdwärme', 'Bohrung anzeigen', 'Lehrer bewerben', 'ummelden', 'Hundesteuer', 'Personalausweis', 'Persnalausweis', 'Auto anmelden', 'Baugenehmigung Anbau', 'Xylophon'];
const extraWords = ['Nachweis', 'Antrag', 'Bescheinigung', 'Genehmigung', 'Anzeige', 'Verlängerung', 'Änderung', 'Ersatz', 'Auskunft', 'Zuschuss', 'Förderung', 'Erlaubnis'];
const objects = ['Fahrzeug', 'Grundstück', 'Gewässer', 'Wald', 'Schule', 'Kita', 'Betrieb', 'Veranstaltung', 'Denkmal', 'Brunnen', 'Straße', 'Friedhof', 'Markt', 'Sportplatz'];

function seeds(): ServiceSeed[] {
  const folder = projectPath('data/catalog/sn');
  return fs.readdirSync(folder).filter((f) => f.startsWith('services')).flatMap((f) => JSON.parse(fs.readFileSync(`${folder}/${f}`, 'utf8')) as ServiceSeed[]);
}

export function generate(): Service[] {
  const base = seeds();
  return Array.from({ length: size }, (_, i) => {
    const seed = base[i % base.length]!;
    const variant = i < base.length ? '' : ` ${extraWords[i % extraWords.length]} ${objects[Math.floor(i / base.length) % objects.length]}`;
    const de = completeText(seed.de);
    return {
      id: `s${i}`,
      tenantId: 't',
      key: `${seed.key}-${i}`,
      leikaKey: seed.leikaKey,
      typisierung: null,
      level: seed.level,
      lebenslagen: seed.lebenslagen,
      procedureKey: null,
      ozgId: null,
      themenfeld: null,
      popularity: i < base.length ? (seed.popularity ?? 0) : 0,
      releasedOn: null,
      releasedBy: null,
      texts: { de: { ...de, name: de.name + variant, shortText: de.shortText + variant } },
    };
  });
}

function collectGarbage(): void {
  v8.setFlagsFromString('--expose_gc');
  (vm.runInNewContext('gc') as () => void)();
}

export const scenario: BenchScenario = {
  name: 'search',
  description: `catalogue search over ${size.toLocaleString('en-US')} generated services, in process`,
  async run(settings) {
    const services = generate();
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    const buildStart = performance.now();
    const index = new ServiceIndex(services, 'de');
    const buildMs = performance.now() - buildStart;
    collectGarbage();
    const indexMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    for (let i = 0; i < 200; i++) index.query(queries[i % queries.length]!);
    const samples: number[] = [];
    const until = performance.now() + Math.min(settings.durationSeconds, 5) * 1000;
    for (let i = 0; performance.now() < until; i++) {
      const start = performance.now();
      index.query(queries[i % queries.length]!);
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * q))]!;
    return {
      loads: [],
      figures: [
        { figure: 'search p50', value: at(0.5), unit: 'ms' },
        { figure: 'search p95', value: at(0.95), unit: 'ms', target: { limit: 5, kind: 'max' } },
        { figure: 'search p99', value: at(0.99), unit: 'ms' },
        { figure: 'index memory (heap growth)', value: indexMb, unit: 'MB', target: { limit: 50, kind: 'max' } },
        { figure: 'index build', value: buildMs, unit: 'ms' },
      ],
    };
  },
};
