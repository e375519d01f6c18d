import { addDays, addMonths, dateOf, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import type { Tenant } from '../../core/tenancy.js';
import { getAuthorities } from '../catalog/index.js';
import { listCurrentProcedures } from '../procedures/index.js';
import { periodMonths } from './speed.js';
import { ifEnough, quantileOfHistogram, suppressCount, type Count } from './suppression.js';
import { tableCsv, type Column } from './tables.js';

/**
 * Open data: monthly aggregates of the counters as CSV, and their description in DCAT-AP.de 2.x
 * (RDF/XML) for an open data portal (GovData, a Land's portal) to harvest. Only what the steering
 * pages show anyway, suppressed as there (counts 1–4 as "< 5", no figure from fewer than 5 cases):
 * no person can be singled out, so the files are public. The twelve complete months before the
 * current one; licence Datenlizenz Deutschland – Namensnennung – 2.0, publisher the tenant.
 */

export interface ApplicationsMonth {
  procedureKey: string;
  procedureTitle: string;
  month: string;
  started: Count;
  submitted: Count;
}

export interface CasesMonth {
  procedureKey: string;
  procedureTitle: string;
  authorityName: string;
  month: string;
  opened: Count;
  decided: Count;
  medianDays: number | null;
  deadlineKept: number | null;
}

const isoMonth = (month: string) => month;

const applicationsColumns: Column<ApplicationsMonth>[] = [
  { header: 'steering.col.procedure', value: (r) => r.procedureTitle },
  { header: 'steering.col.procedureKey', value: (r) => r.procedureKey },
  { header: 'steering.col.monthIso', value: (r) => isoMonth(r.month) },
  { header: 'steering.col.started', value: (r, f) => f.count(r.started) },
  { header: 'steering.col.submitted', value: (r, f) => f.count(r.submitted) },
];

const casesColumns: Column<CasesMonth>[] = [
  { header: 'steering.col.procedure', value: (r) => r.procedureTitle },
  { header: 'steering.col.procedureKey', value: (r) => r.procedureKey },
  { header: 'steering.col.authority', value: (r) => r.authorityName },
  { header: 'steering.col.monthIso', value: (r) => isoMonth(r.month) },
  { header: 'steering.col.opened', value: (r, f) => f.count(r.opened) },
  { header: 'steering.col.decided', value: (r, f) => f.count(r.decided) },
  { header: 'steering.col.median', value: (r, f) => f.number(r.medianDays) },
  { header: 'steering.col.deadlineKept', value: (r, f) => f.share(r.deadlineKept) },
];

/** The datasets, by the name in their URL (`/offene-daten/<name>.csv`). */
export const openDatasets = {
  'antraege-monatlich': {
    title: 'Online-Anträge je Verfahren und Monat',
    description: 'Begonnene und abgeschickte Online-Anträge je Verfahren und Kalendermonat. Anzahlen von 1 bis 4 sind als „< 5“ angegeben, damit niemand erkennbar wird.',
    keywords: ['Onlinezugangsgesetz', 'OZG', 'Online-Anträge', 'Nutzung'],
  },
  'bearbeitung-monatlich': {
    title: 'Bearbeitung je Verfahren, Behörde und Monat',
    description:
      'Eingegangene und entschiedene Vorgänge je Verfahren, Behörde und Kalendermonat, Median der Bearbeitungszeit in Arbeitstagen und Anteil der eingehaltenen Bearbeitungsfristen. Anzahlen von 1 bis 4 sind als „< 5“ angegeben, Kennzahlen aus weniger als 5 Vorgängen fehlen.',
    keywords: ['Onlinezugangsgesetz', 'OZG', 'Bearbeitungszeit', 'Verwaltung'],
  },
} as const;
export type OpenDatasetName = keyof typeof openDatasets;
export const isOpenDataset = (name: string): name is OpenDatasetName => Object.hasOwn(openDatasets, name);

/** The twelve complete months before the current one: first day of the first, first day of the current. */
export function openDataPeriod(ctx: AppContext): { fromMonth: string; toMonth: string; from: LocalDate; until: LocalDate } {
  const today = dateOf(ctx.clock.now());
  const thisMonth = `${today.slice(0, 7)}-01` as LocalDate;
  const from = addMonths(thisMonth, -periodMonths);
  return { fromMonth: from.slice(0, 7), toMonth: addMonths(thisMonth, -1).slice(0, 7), from, until: thisMonth };
}

async function titlesOf(ctx: AppContext): Promise<Map<string, string>> {
  return new Map((await listCurrentProcedures(ctx)).map((version) => [version.procedure.key, version.procedure.title.de]));
}

const byKeys = <T extends { procedureTitle: string; month: string }>(a: T, b: T) => a.procedureTitle.localeCompare(b.procedureTitle, 'de') || a.month.localeCompare(b.month);

export async function applicationsByMonth(ctx: AppContext, tenantId: string): Promise<ApplicationsMonth[]> {
  const { from, until } = openDataPeriod(ctx);
  const rows = await ctx.db.selectFrom('steering_submissions').selectAll().where('tenant_id', '=', tenantId).where('day', '>=', from).where('day', '<', until).execute();
  const totals = new Map<string, { started: number; submitted: number }>();
  for (const row of rows) {
    const key = JSON.stringify([row.procedure_key, row.day.slice(0, 7)]);
    const t = totals.get(key) ?? totals.set(key, { started: 0, submitted: 0 }).get(key)!;
    t.started += Number(row.started);
    t.submitted += Number(row.submitted);
  }
  const titles = await titlesOf(ctx);
  return [...totals]
    .map(([key, t]) => {
      const [procedureKey, month] = JSON.parse(key) as [string, string];
      return { procedureKey, procedureTitle: titles.get(procedureKey) ?? procedureKey, month, started: suppressCount(t.started), submitted: suppressCount(t.submitted) };
    })
    .sort(byKeys);
}

export async function casesByMonth(ctx: AppContext, tenantId: string): Promise<CasesMonth[]> {
  const { fromMonth, toMonth } = openDataPeriod(ctx);
  const [monthly, durations] = await Promise.all([
    ctx.db.selectFrom('steering_cases_monthly').selectAll().where('tenant_id', '=', tenantId).where('month', '>=', fromMonth).where('month', '<=', toMonth).execute(),
    ctx.db.selectFrom('steering_durations').selectAll().where('tenant_id', '=', tenantId).where('month', '>=', fromMonth).where('month', '<=', toMonth).execute(),
  ]);
  const histograms = new Map<string, Map<number, number>>();
  for (const row of durations) {
    const key = JSON.stringify([row.procedure_key, row.authority_id, row.month]);
    const h = histograms.get(key) ?? histograms.set(key, new Map()).get(key)!;
    h.set(Number(row.working_days), (h.get(Number(row.working_days)) ?? 0) + Number(row.cases));
  }
  const titles = await titlesOf(ctx);
  const names = new Map((await getAuthorities(ctx, tenantId, [...new Set(monthly.map((row) => row.authority_id))])).map((a) => [a.id, a.name]));
  return monthly
    .filter((row) => Number(row.opened) + Number(row.decided) > 0)
    .map((row) => {
      const decided = Number(row.decided);
      const kept = Number(row.deadline_kept);
      const withDeadline = kept + Number(row.deadline_missed);
      return {
        procedureKey: row.procedure_key,
        procedureTitle: titles.get(row.procedure_key) ?? row.procedure_key,
        authorityName: names.get(row.authority_id) ?? row.authority_id,
        month: row.month,
        opened: suppressCount(Number(row.opened)),
        decided: suppressCount(decided),
        medianDays: ifEnough(decided, () => quantileOfHistogram(histograms.get(JSON.stringify([row.procedure_key, row.authority_id, row.month])) ?? new Map(), 0.5)),
        deadlineKept: ifEnough(withDeadline, () => kept / withDeadline),
      };
    })
    .sort((a, b) => byKeys(a, b) || a.authorityName.localeCompare(b.authorityName, 'de'));
}

export async function openDatasetCsv(ctx: AppContext, tenantId: string, name: OpenDatasetName): Promise<string> {
  return name === 'antraege-monatlich' ? tableCsv(applicationsColumns, await applicationsByMonth(ctx, tenantId)) : tableCsv(casesColumns, await casesByMonth(ctx, tenantId));
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** DCAT-AP.de 2.x vocabularies used below. */
const licence = 'http://dcat-ap.de/def/licenses/dl-by-de/2.0';
const monthly = 'http://publications.europa.eu/resource/authority/frequency/MONTHLY';
const csvFormat = 'http://publications.europa.eu/resource/authority/file-type/CSV';
const governmentTheme = 'http://publications.europa.eu/resource/authority/data-theme/GOVE';

/**
 * The catalogue as RDF/XML: one dcat:Catalog (publisher the tenant), one dcat:Dataset per
 * aggregate with its dcat:Distribution (download URL, CSV, licence, attribution text), monthly
 * accrual, the period covered, and the tenant's dcatde:contributorID.
 */
export function openDataCatalogue(ctx: AppContext, tenant: Tenant, origin: string): string {
  const { from, until } = openDataPeriod(ctx);
  const lastDay = addDays(until, -1);
  const base = `${origin}/offene-daten`;
  const publisher = escapeXml(tenant.name);
  const contributor = `http://dcat-ap.de/def/contributors/${encodeURIComponent(tenant.slug)}`;
  // The day in German time, like the period above: the catalogue of a German publisher fetched at
  // 00:30 on the 1st is modified on the 1st (in UTC it would still be the last day of the month before).
  const modified = dateOf(ctx.clock.now());
  const datasets = (Object.keys(openDatasets) as OpenDatasetName[]).map((name) => {
    const dataset = openDatasets[name];
    return `
    <dcat:dataset>
      <dcat:Dataset rdf:about="${base}/${name}">
        <dct:title xml:lang="de">${escapeXml(dataset.title)}</dct:title>
        <dct:description xml:lang="de">${escapeXml(dataset.description)}</dct:description>
        <dct:identifier>${escapeXml(`${base}/${name}`)}</dct:identifier>
${dataset.keywords.map((keyword) => `        <dcat:keyword xml:lang="de">${escapeXml(keyword)}</dcat:keyword>`).join('\n')}
        <dcat:theme rdf:resource="${governmentTheme}"/>
        <dct:publisher rdf:resource="${base}/katalog.rdf#herausgeber"/>
        <dcatde:contributorID rdf:resource="${contributor}"/>
        <dct:accrualPeriodicity rdf:resource="${monthly}"/>
        <dct:modified rdf:datatype="http://www.w3.org/2001/XMLSchema#date">${modified}</dct:modified>
        <dct:temporal>
          <dct:PeriodOfTime>
            <dcat:startDate rdf:datatype="http://www.w3.org/2001/XMLSchema#date">${from}</dcat:startDate>
            <dcat:endDate rdf:datatype="http://www.w3.org/2001/XMLSchema#date">${lastDay}</dcat:endDate>
          </dct:PeriodOfTime>
        </dct:temporal>
        <dcat:distribution>
          <dcat:Distribution rdf:about="${base}/${name}.csv">
            <dct:title xml:lang="de">${escapeXml(dataset.title)} (CSV)</dct:title>
            <dcat:accessURL rdf:resource="${base}/${name}.csv"/>
            <dcat:downloadURL rdf:resource="${base}/${name}.csv"/>
            <dct:format rdf:resource="${csvFormat}"/>
            <dcat:mediaType rdf:resource="http://www.iana.org/assignments/media-types/text/csv"/>
            <dct:license rdf:resource="${licence}"/>
            <dcatde:licenseAttributionByText xml:lang="de">${publisher}</dcatde:licenseAttributionByText>
            <dct:modified rdf:datatype="http://www.w3.org/2001/XMLSchema#date">${modified}</dct:modified>
          </dcat:Distribution>
        </dcat:distribution>
      </dcat:Dataset>
    </dcat:dataset>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF
  xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns:dcat="http://www.w3.org/ns/dcat#"
  xmlns:dct="http://purl.org/dc/terms/"
  xmlns:dcatde="http://dcat-ap.de/def/dcatde/"
  xmlns:foaf="http://xmlns.com/foaf/0.1/">
  <dcat:Catalog rdf:about="${base}/katalog.rdf">
    <dct:title xml:lang="de">Offene Daten: ${publisher}</dct:title>
    <dct:description xml:lang="de">Monatliche Kennzahlen der Online-Verfahren (OZG) von ${publisher}, ohne personenbezogene Daten.</dct:description>
    <dct:publisher>
      <foaf:Organization rdf:about="${base}/katalog.rdf#herausgeber">
        <foaf:name>${publisher}</foaf:name>
        <foaf:homepage rdf:resource="${origin}/"/>
      </foaf:Organization>
    </dct:publisher>
    <dct:language rdf:resource="http://publications.europa.eu/resource/authority/language/DEU"/>
    <dct:license rdf:resource="${licence}"/>
    <foaf:homepage rdf:resource="${origin}/"/>
    <dct:modified rdf:datatype="http://www.w3.org/2001/XMLSchema#date">${modified}</dct:modified>${datasets.join('')}
  </dcat:Catalog>
</rdf:RDF>
`;
}
