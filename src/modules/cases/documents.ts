import type { Clock } from '../../core/clock.js';
import { renderPdf } from '../../core/pdf/index.js';
import { answerTexts } from '../forms/index.js';
import type { ApplicationForCase, Authority } from './access.js';
import type { Case } from './store.js';
import type { InputValues } from './workflow/engine.js';
import { fillPlaceholders } from './workflow/placeholders.js';
import type { WorkflowAction } from './workflow/schema.js';

/**
 * Texts from the pack's templates: the values of the placeholders (German: letters and
 * Bescheide go out in the official language, § 23 VwVfG) and the final Bescheid as PDF/A.
 */

const berlinDate = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' });

export function germanDate(value: string | Date): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-');
    return `${day}.${month}.${year}`;
  }
  return berlinDate.format(typeof value === 'string' ? new Date(value) : value);
}

export function euros(cents: number): string {
  return `${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(cents / 100)} EUR`;
}

export interface PlaceholderSources {
  kase: Case;
  application: ApplicationForCase;
  authority: Authority;
  actorName: string;
  now: Date;
  action?: WorkflowAction;
  inputs?: InputValues;
  /** A deadline set by the same action (e.g. the reply date of a Nachforderung). */
  deadline?: string | null;
}

export function placeholderValues(sources: PlaceholderSources): Record<string, string> {
  const { kase, application, authority } = sources;
  const values: Record<string, string> = {
    reference: kase.reference,
    submittedAt: application.application.submittedAt ? germanDate(application.application.submittedAt) : '',
    today: germanDate(sources.now),
    applicantName: kase.applicantName,
    authorityName: authority.name,
    procedureTitle: application.version.procedure.title.de,
    caseWorker: sources.actorName,
    result: kase.result ?? '',
    fee: kase.feeCents ? `Die Gebühr beträgt ${euros(kase.feeCents)}.` : 'Die Entscheidung ist gebührenfrei.',
    deadline: sources.deadline ? germanDate(sources.deadline) : '',
    answerPage: `/antraege/${application.application.id}/antworten`,
  };
  // In German like the rest of the letter, and as the applicant and the case page read them (labels, not codes).
  for (const [key, text] of Object.entries(answerTexts(application.version.form, application.application.data, 'de'))) values[`answers.${key}`] = text;
  for (const input of sources.action?.inputs ?? []) {
    const value = sources.inputs?.[input.name];
    if (value === undefined) continue;
    if (input.type === 'choice') values[`input.${input.name}`] = input.options?.find((o) => o.value === value)?.label.de ?? String(value);
    else if (input.type === 'money') values[`input.${input.name}`] = euros(Number(value));
    else if (input.type === 'date') values[`input.${input.name}`] = germanDate(String(value));
    else values[`input.${input.name}`] = String(value);
  }
  return values;
}

export function fillTemplate(text: string, values: Record<string, string>): string {
  return fillPlaceholders(text, values);
}

/** The Bescheid text as PDF/A: `# ` and `## ` lines become headings, blank lines separate paragraphs. */
export function bescheidPdf(clock: Clock, document: { title: string; body: string; authorityName: string }): Promise<Buffer> {
  return renderPdf({ title: document.title, author: document.authorityName, lang: 'de-DE' }, { clock, footer: document.authorityName }, (pdf) => {
    for (const block of document.body.split(/\n\s*\n/)) {
      const text = block.trim();
      if (!text) continue;
      if (text.startsWith('## ')) pdf.heading(text.slice(3), 2);
      else if (text.startsWith('# ')) pdf.heading(text.slice(2), 1);
      else pdf.paragraph(text);
    }
  });
}
