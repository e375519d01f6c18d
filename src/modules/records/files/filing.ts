import { translator } from '../../../core/i18n/index.js';
import { canonicalJson } from '../../../core/canonical-json.js';
import { dateOf } from '../../../core/calendar/index.js';
import type { AppContext } from '../../../core/context.js';
import { inTransaction, violatesUnique, type Trx } from '../../../core/db/index.js';
import { valueAt } from '../../../core/json-pointer.js';
import { enqueueJobs, type JobHandler } from '../../../core/jobs/index.js';
import type { RecordPlanUnitTable } from '../tables.js';
import { contentOf, textContent } from './content.js';
import { toFile, toProcess, type RecordProcess } from './model.js';
import {
  applicationForCase,
  caseForFiling,
  ensureReceipt,
  finalDocumentsOf,
  getAuthority,
  hasOpenInvolvement,
  involvementsForFiling,
  messagesForCase,
  type ApplicationForCase,
  type Authority,
  type Case,
  type NewCaseEvent,
} from './sources.js';
import { addDocument, addVersion, closeProcess, createFile, findBySource, openProcess, recordBlobs, systemAuthor, type NewDocument } from './write.js';

/**
 * Filing without typing. A case's timeline entries that may bring something to file (its
 * creation, actions, messages, opinions) queue a `records.fileCase` job in their transaction.
 * The job brings the case's Vorgang up to date: opens it in the Akte the procedure pack's filing
 * rule chooses, files every source not yet filed (each source once: `source_key`), and closes
 * the Vorgang (zdA) once the case is closed. Running it again changes nothing, so a retried or
 * doubled job never files twice.
 */

export const fileCaseJobType = 'records.fileCase';

/** The Schriftgut is kept in the official language (§ 23 VwVfG): the titles of filed documents are German. */
const t = translator('de');

/** Entries that never bring anything to file (assignment, reminders, deadlines). */
const nothingToFile = new Set(['assign', 'assigned', 'take', 'released', 'routed', 'team', 'reminder', 'resubmission', 'deadlineSet', 'deadlineCleared', 'fee', 'note']);

/** Enqueues the filing job of every case whose new timeline entries bring something to file. */
export async function fileOnCaseEvents(trx: Trx, _ctx: AppContext, events: readonly NewCaseEvent[]): Promise<void> {
  const cases = new Map<string, NewCaseEvent>();
  for (const event of events) if (!nothingToFile.has(event.kind) || event.toState) cases.set(event.caseId, event);
  const jobs = [...cases.values()].map((event) => ({ type: fileCaseJobType, tenantId: event.tenantId, payload: { tenantId: event.tenantId, caseId: event.caseId } }));
  // The entries carry their time; the jobs are due from then.
  for (const job of jobs) await enqueueJobs(trx, { clock: { now: () => new Date(cases.get(job.payload.caseId)!.at) } }, [job]);
}

/** The Aktenplan unit and formation the pack names for this authority, if the authority keeps an E-Akte under a plan that has it. */
async function filingUnit(
  ctx: AppContext,
  kase: Case,
  authority: Authority,
  source: ApplicationForCase,
): Promise<{ unit: RecordPlanUnitTable; formation: RecordPlanUnitTable['formation'] } | undefined> {
  const rule = source.version.procedure.recipients.find((r) => r.filing && r.authorityKind === authority.kind);
  if (!rule?.filing) return undefined;
  const settings = await ctx.db
    .selectFrom('record_settings')
    .select('plan_id')
    .where('tenant_id', '=', kase.tenantId)
    .where('authority_id', '=', kase.authorityId)
    .executeTakeFirst();
  if (!settings) return undefined;
  const unit = await ctx.db
    .selectFrom('record_plan_units')
    .selectAll()
    .where('tenant_id', '=', kase.tenantId)
    .where('plan_id', '=', settings.plan_id)
    .where('kennzeichen', '=', rule.filing.kennzeichen)
    .where('retired', '=', 0)
    .executeTakeFirst();
  if (!unit) {
    ctx.log.warn({ tenantId: kase.tenantId, authorityId: kase.authorityId, kennzeichen: rule.filing.kennzeichen }, 'records: the filing unit is not in the authority’s Aktenplan');
    return undefined;
  }
  return { unit, formation: rule.filing.formation ?? unit.formation };
}

/** What groups this case with others into one Akte, and the Akte's Betreff; a case without an applicant account or a site gets its own Akte. */
function formationOf(
  kase: Case,
  source: ApplicationForCase,
  unit: RecordPlanUnitTable,
  formation: RecordPlanUnitTable['formation'],
  year: string,
): { key: string; subject: string } {
  const title = source.version.procedure.title.de;
  if (formation === 'applicant' && source.application.ownerAccountId)
    return { key: `applicant:${source.application.ownerAccountId}`, subject: `${unit.title}: ${kase.applicantName}` };
  if (formation === 'year') return { key: `year:${year}`, subject: `${unit.title} ${year}` };
  const location = source.version.procedure.location;
  const site = formation === 'site' && location ? valueAt(source.application.data, location) : undefined;
  if (site !== undefined && site !== null) return { key: `site:${canonicalJson(site)}`, subject: `${unit.title}: ${title} (Standort)` };
  return { key: `case:${kase.id}`, subject: `${title} ${kase.reference}` };
}

async function processOfCase(ctx: AppContext, tenantId: string, caseId: string): Promise<RecordProcess | undefined> {
  const row = await ctx.db.selectFrom('record_processes').selectAll().where('tenant_id', '=', tenantId).where('case_id', '=', caseId).executeTakeFirst();
  return row && toProcess(row);
}

/**
 * Opens the case's Vorgang in the open Akte of its formation, or in a new Akte. Insert-or-get: when
 * another case of the group opened the group's Akte at the same moment, the unique key on the open
 * group (`record_files_formation_key`) refuses the second Akte and the work runs again into the first.
 */
async function openCaseProcess(ctx: AppContext, kase: Case, authority: Authority, source: ApplicationForCase): Promise<RecordProcess | undefined> {
  const filing = await filingUnit(ctx, kase, authority, source);
  if (!filing) return undefined;
  const formation = formationOf(kase, source, filing.unit, filing.formation, dateOf(ctx.clock.now()).slice(0, 4));
  const open = () =>
    inTransaction(ctx.db, async (trx) => {
      const existing = await trx
        .selectFrom('record_files')
        .selectAll()
        .where('tenant_id', '=', kase.tenantId)
        .where('authority_id', '=', kase.authorityId)
        .where('plan_unit_id', '=', filing.unit.id)
        .where('formation_key', '=', formation.key)
        .where('state', '=', 'open')
        .executeTakeFirst();
      const file = existing
        ? toFile(existing)
        : await createFile(
            trx,
            ctx,
            {
              tenantId: kase.tenantId,
              authorityId: kase.authorityId,
              authorityKey: authority.key,
              unit: filing.unit,
              subject: formation.subject,
              formationKey: formation.key,
              lead: authority.name,
            },
            systemAuthor,
          );
      return openProcess(trx, ctx, file, { subject: `${source.version.procedure.title.de} ${kase.reference} (${kase.applicantName})`, caseId: kase.id }, systemAuthor);
    });
  try {
    return await open();
  } catch (error) {
    if (!violatesUnique(error, 'record_files', 'formation')) throw error;
    return open();
  }
}

/** A source to file: its key, and how to load it (only loaded when not yet filed). */
interface Source {
  key: string;
  load(): Promise<NewDocument>;
}

/** The sha256 of every file the answers name: an upload removed before submitting is not part of the application. */
function submittedFiles(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) submittedFiles(item, out);
  else if (value !== null && typeof value === 'object') {
    const item = value as Record<string, unknown>;
    if (typeof item.sha256 === 'string' && typeof item.size === 'number') out.add(item.sha256);
    else for (const child of Object.values(item)) submittedFiles(child, out);
  }
  return out;
}

async function sourcesOf(ctx: AppContext, kase: Case, authority: Authority, source: ApplicationForCase): Promise<Source[]> {
  const { application } = source;
  const tenantId = kase.tenantId;
  const blobs = recordBlobs(ctx);
  const applicant = kase.applicantName;
  const submittedOn = dateOf(new Date(application.submittedAt!));
  const sources: Source[] = [
    {
      key: `application:${application.id}`,
      async load() {
        const pdf = (await ensureReceipt(ctx, tenantId, application.id))!;
        return {
          kind: 'antrag',
          direction: 'in',
          title: t('records.filed.application', { reference: kase.reference }),
          documentDate: submittedOn,
          sender: applicant,
          recipient: authority.name,
          content: contentOf(pdf, `antrag-${kase.reference}.pdf`, 'application/pdf'),
        };
      },
    },
  ];
  const named = submittedFiles(application.data);
  for (const attachment of source.attachments.filter((a) => named.has(a.sha256))) {
    sources.push({
      key: `attachment:${attachment.sha256}`,
      load: async () => ({
        kind: 'anlage',
        direction: 'in',
        title: attachment.name,
        documentDate: submittedOn,
        sender: applicant,
        recipient: authority.name,
        content: contentOf(await blobs.get(attachment.sha256), attachment.name, attachment.type),
      }),
    });
  }
  for (const message of await messagesForCase(ctx.db, tenantId, application.id)) {
    if (message.authorityId !== kase.authorityId && !(message.direction === 'in' && message.authorityId === null)) continue;
    const incoming = message.direction === 'in';
    const parties = incoming ? { sender: applicant, recipient: authority.name } : { sender: message.authorName || authority.name, recipient: applicant };
    const date = dateOf(new Date(message.createdAt));
    const title = message.subject || t('records.filed.message');
    sources.push({
      key: `message:${message.id}`,
      load: async () => ({
        kind: 'nachricht',
        direction: message.direction,
        title,
        documentDate: date,
        ...parties,
        content: textContent(`${title}\n\n${message.body}`, 'nachricht.txt'),
      }),
    });
    for (const attachment of message.attachments) {
      sources.push({
        key: `message:${message.id}:${attachment.sha256}`,
        load: async () => ({
          kind: 'anlage',
          direction: message.direction,
          title: attachment.name,
          documentDate: date,
          ...parties,
          content: contentOf(await blobs.get(attachment.sha256), attachment.name, attachment.type),
        }),
      });
    }
  }
  for (const link of await involvementsForFiling(ctx, tenantId, kase.id)) {
    const involved = (await getAuthority(ctx, tenantId, link.toAuthorityId))?.name ?? link.toAuthorityId;
    if (link.question !== null) {
      sources.push({
        key: `involvement:${link.id}`,
        load: async () => ({
          kind: 'beteiligung',
          direction: 'out',
          title: t('records.filed.involvement', { authority: involved }),
          documentDate: dateOf(new Date(link.askedAt)),
          sender: authority.name,
          recipient: involved,
          content: textContent(link.question!, 'beteiligung.txt'),
        }),
      });
    }
    if (link.answer !== null && link.answeredAt !== null) {
      sources.push({
        key: `opinion:${link.id}`,
        load: async () => ({
          kind: 'stellungnahme',
          direction: 'in',
          title: t('records.filed.opinion', { authority: involved }),
          documentDate: dateOf(new Date(link.answeredAt!)),
          sender: involved,
          recipient: authority.name,
          content: textContent(link.answer!, 'stellungnahme.txt'),
        }),
      });
    }
  }
  return sources;
}

/** Each final version of a decision document (Bescheid): the first as the Dokument, later ones as its versions. */
async function fileDecisions(ctx: AppContext, kase: Case, authority: Authority, process: RecordProcess, applicant: string): Promise<void> {
  for (const final of await finalDocumentsOf(ctx, kase.tenantId, kase.id)) {
    const key = `decision:${kase.id}:${final.kind}`;
    const content = async () => contentOf(await recordBlobs(ctx).get(final.pdfSha256), `${final.kind}-${final.version}.pdf`, 'application/pdf');
    const filed = await findBySource(ctx.db, process, key);
    if (!filed) {
      // Read before the transaction: on SQLite a read outside it would wait for its one connection.
      const document = {
        kind: 'bescheid',
        direction: 'out' as const,
        title: final.title,
        documentDate: dateOf(new Date(final.createdAt)),
        sender: authority.name,
        recipient: applicant,
        sourceKey: key,
        content: await content(),
      };
      await inTransaction(ctx.db, async (trx) => addDocument(trx, ctx, process, document, systemAuthor));
      continue;
    }
    const known = await ctx.db.selectFrom('record_document_versions').select('id').where('document_id', '=', filed.id).where('sha256', '=', final.pdfSha256).executeTakeFirst();
    if (known) continue;
    const next = await content();
    await inTransaction(ctx.db, (trx) => addVersion(trx, ctx, { ...filed, tenantId: kase.tenantId }, next, `Neue Fassung (Version ${final.version})`, systemAuthor));
  }
}

const fileCase: JobHandler = async (ctx, payload: { tenantId: string; caseId: string }, job) => {
  const kase = await caseForFiling(ctx, payload.tenantId, payload.caseId);
  if (!kase) return;
  // An involvement's question and opinion are filed in the asking case's Vorgang, which may close once the opinion is in.
  if (kase.kind !== 'case') {
    if (kase.parentCaseId) await fileCase(ctx, { tenantId: kase.tenantId, caseId: kase.parentCaseId }, job);
    return;
  }
  const [source, authority] = await Promise.all([applicationForCase(ctx, kase.tenantId, kase.applicationId), getAuthority(ctx, kase.tenantId, kase.authorityId)]);
  if (!source || !authority) return;
  const process = (await processOfCase(ctx, kase.tenantId, kase.id)) ?? (await openCaseProcess(ctx, kase, authority, source));
  if (!process) return;
  if (process.state === 'closed') {
    ctx.log.warn({ processId: process.id, caseId: kase.id }, 'records: the case’s Vorgang is closed; nothing more is filed until the Registratur re-opens it');
    return;
  }
  const filed = new Set((await ctx.db.selectFrom('record_documents').select('source_key').where('process_id', '=', process.id).execute()).map((row) => row.source_key));
  for (const item of await sourcesOf(ctx, kase, authority, source)) {
    if (filed.has(item.key)) continue;
    const document = { ...(await item.load()), sourceKey: item.key };
    await inTransaction(ctx.db, (trx) => addDocument(trx, ctx, process, document, systemAuthor));
  }
  await fileDecisions(ctx, kase, authority, process, kase.applicantName);
  // zdA unless more is open: an involved authority still working on its opinion.
  if (!kase.open && !(await hasOpenInvolvement(ctx, kase.tenantId, kase.id))) await inTransaction(ctx.db, (trx) => closeProcess(trx, ctx, process, systemAuthor));
};

export const filingJobs: Record<string, JobHandler> = { [fileCaseJobType]: fileCase };
