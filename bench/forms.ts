import { parseFormDefinition, validateSubmission, type Field, type FormDefinition, type Rule } from '../src/modules/forms/index.js';
import type { BenchScenario } from './lib/scenario.js';

/**
 * Validation time of one submission of a large form: 200 fields on 10 pages (including a repeat
 * group of boreholes and fields with conditions) and 100 cross-field rules.
 * Target from the online-applications issue: ≤ 1 ms per submission.
 */

const text = (de: string) => ({ de, en: de });
const kinds = ['text', 'integer', 'decimal', 'date', 'yesNo', 'singleChoice', 'email', 'currency'] as const;

function leaf(index: number): Field {
  const key = `f${index}`;
  const label = text(`Feld ${index}`);
  const showIf = index % 7 === 3 ? { '==': [{ var: 'f4' }, true] } : undefined;
  const common = { key, label, ...(showIf ? { showIf } : {}) };
  switch (kinds[index % kinds.length]!) {
    case 'text':
      return { ...common, type: 'text', maxLength: 100 };
    case 'integer':
      return { ...common, type: 'integer', min: 0, max: 100_000 };
    case 'decimal':
      return { ...common, type: 'decimal', decimals: 2 };
    case 'date':
      return { ...common, type: 'date', after: { today: true } };
    case 'yesNo':
      return { ...common, type: 'yesNo' };
    case 'singleChoice':
      return { ...common, type: 'singleChoice', codeList: 'abc' };
    case 'email':
      return { ...common, type: 'email' };
    case 'currency':
      return { ...common, type: 'currency' };
  }
}

function buildForm(): FormDefinition {
  const pages = Array.from({ length: 10 }, (_, page) => ({ id: `p${page}`, title: text(`Seite ${page}`), fields: [] as Field[] }));
  for (let i = 0; i < 180; i++) pages[i % 10]!.fields.push(leaf(i));
  // 5 items × 4 fields of the repeat count as 20 answered fields.
  pages[9]!.fields.push({
    key: 'boreholes',
    type: 'repeat',
    label: text('Bohrungen'),
    itemLabel: text('Bohrung {n}'),
    min: 1,
    max: 10,
    fields: [
      { key: 'designation', type: 'text', label: text('Bezeichnung') },
      { key: 'depth', type: 'decimal', label: text('Tiefe'), min: 0 },
      { key: 'groundwater', type: 'yesNo', label: text('Grundwasser') },
      { key: 'inclination', type: 'integer', label: text('Neigung'), optional: true, showIf: { '>': [{ var: 'depth' }, 50] } },
    ],
  });
  const integerFields = Array.from({ length: 180 }, (_, i) => i).filter((i) => kinds[i % kinds.length] === 'integer');
  const rules: Rule[] = Array.from({ length: 100 }, (_, r) => {
    const a = `f${integerFields[r % integerFields.length]}`;
    const b = `f${integerFields[(r * 7 + 3) % integerFields.length]}`;
    const when =
      r % 4 === 0
        ? { some: [{ var: 'boreholes' }, { '>': [{ var: 'depth' }, 100 + r] }] }
        : r % 4 === 1
          ? { '<': [{ daysBetween: [{ var: '$today' }, { var: 'f3' }] }, 14] }
          : { and: [{ '>': [{ var: a }, { var: b }] }, { '==': [{ var: 'f4' }, false] }] };
    return { id: `r${r}`, when, severity: r % 3 === 0 ? 'error' : 'warning', field: `/${a}`, message: text(`Regel ${r}`) };
  });
  return parseFormDefinition({
    key: 'bench',
    version: '1',
    title: text('Benchmark'),
    pages,
    codeLists: { abc: { values: ['a', 'b', 'c'].map((value) => ({ value, label: text(value) })) } },
    computed: [
      { key: 'maxDepth', expression: { maxOf: [{ var: 'boreholes' }, 'depth'] } },
      { key: 'count', expression: { count: [{ var: 'boreholes' }] } },
    ],
    rules,
  });
}

/** Answers as a browser sends them: every value as text. */
function submission(): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (let i = 0; i < 180; i++) {
    const kind = kinds[i % kinds.length]!;
    data[`f${i}`] = {
      text: ` Antwort ${i} `,
      integer: String(i * 10),
      decimal: `${i},5`,
      date: '2026-06-01',
      yesNo: 'yes',
      singleChoice: 'b',
      email: `person${i}@example.de`,
      currency: '1.234,56',
    }[kind];
  }
  data.boreholes = Array.from({ length: 5 }, (_, i) => ({ designation: `B${i + 1}`, depth: `${40 + i * 30},5`, groundwater: i % 2 ? 'yes' : 'no', inclination: '5' }));
  return data;
}

export const scenario: BenchScenario = {
  name: 'forms',
  description: 'validation of one submission: 200 fields, 100 rules',
  async run(settings) {
    const form = buildForm();
    const data = submission();
    const options = { now: new Date('2026-03-02T09:00:00Z'), lang: 'de' as const };
    const check = validateSubmission(form, data, options);
    if (check.errors.some((e) => e.code !== 'forms.custom')) throw new Error(`benchmark data is invalid: ${JSON.stringify(check.errors.slice(0, 3))}`);
    for (let i = 0; i < 500; i++) validateSubmission(form, data, options);
    const samples: number[] = [];
    const until = performance.now() + Math.min(settings.durationSeconds, 3) * 1000;
    while (performance.now() < until) {
      const start = performance.now();
      validateSubmission(form, data, options);
      samples.push(performance.now() - start);
    }
    samples.sort((a, b) => a - b);
    const mean = samples.reduce((sum, ms) => sum + ms, 0) / samples.length;
    const p99 = samples[Math.floor(samples.length * 0.99)]!;
    return {
      loads: [],
      figures: [
        { figure: 'validation of a 200-field, 100-rule submission (mean)', value: mean, unit: 'ms', target: { limit: 1, kind: 'max' } },
        { figure: 'same, p99', value: p99, unit: 'ms' },
        { figure: 'validations per second, one core', value: 1000 / mean, unit: 'per s' },
      ],
    };
  },
};
