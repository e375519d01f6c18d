import { dateOf, formatDate, localDate } from '../../core/calendar/index.js';
import type { Clock } from '../../core/clock.js';
import { translator, type Language } from '../../core/i18n/index.js';
import { valueAt } from '../../core/json-pointer.js';
import { renderPdf } from '../../core/pdf/index.js';
import { answerTexts } from '../forms/index.js';
import type { ApplicationForCase, Authority } from './access.js';
import { addressLines, atAuthority, authorityAddressLines, letterhead, letterName } from './letters.js';
import type { Case } from './store.js';
import type { InputValues } from './workflow/engine.js';
import { fillPlaceholders } from './workflow/placeholders.js';
import type { Workflow, WorkflowAction } from './workflow/schema.js';

/**
 * Texts from the pack's templates: the values of the placeholders (German: letters and
 * Bescheide go out in the official language, § 23 VwVfG) and the final Bescheid as PDF/A.
 */

/**
 * `15.01.2026`: a calendar day (`2026-01-15`) as it is, an instant (`2026-01-15T08:00:00Z`) on the
 * day it falls on in German time.
 */
/** Letters and Bescheide go out in the official language (§ 23 VwVfG). */
export const letterLanguage: Language = 'de';

export function germanDate(value: string | Date): string {
  const day = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? localDate(value) : dateOf(typeof value === 'string' ? new Date(value) : value);
  return formatDate(day, 'de', 'numeric');
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
  const t = translator(letterLanguage);
  const values: Record<string, string> = {
    reference: kase.reference,
    submittedAt: application.application.submittedAt ? germanDate(application.application.submittedAt) : '',
    today: germanDate(sources.now),
    applicantName: letterName(kase.applicantName),
    authorityName: authority.name,
    atAuthority: atAuthority(authority.name),
    authorityAddress: authorityAddressLines(authority).join(', '),
    procedureTitle: application.version.procedure.title.de,
    caseWorker: sources.actorName,
    result: kase.result ?? '',
    fee: kase.feeCents ? t('cases.letter.fee', { amount: euros(kase.feeCents) }) : t('cases.letter.feeFree'),
    deadline: sources.deadline ? germanDate(sources.deadline) : '',
    // Where the applicant answers, as the pages name it: a bare path would be no help in a letter.
    answerPage: t('cases.letter.answerPage', { reference: kase.reference, answer: t('applications.detail.answer') }),
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

/** Who a letter goes to: the applicant's name in letter order and postal address lines. */
export interface Addressee {
  name: string;
  address: string[];
}

/** The addressee from the answers the workflow's `inbox` pointers name (the address only when the workflow names one). */
export function addresseeOf(workflow: Workflow, application: ApplicationForCase, kase: Case): Addressee {
  const pointer = workflow.inbox.applicantAddress;
  return { name: letterName(kase.applicantName), address: pointer ? addressLines(valueAt(application.application.data, pointer)) : [] };
}

/**
 * The Bescheid as PDF/A: the letterhead (the authority's name, address and contact) and the
 * addressee above the text; in the text `# ` and `## ` lines become headings and blank lines
 * separate paragraphs. Aktenzeichen, date and Rechtsbehelfsbelehrung come from the template.
 */
export function bescheidPdf(clock: Clock, document: { title: string; body: string; authority: Authority; addressee: Addressee }): Promise<Buffer> {
  const { authority } = document;
  return renderPdf({ title: document.title, author: authority.name, lang: 'de-DE' }, { clock, footer: authority.name }, (pdf) => {
    pdf.paragraph(letterhead(authority).join('\n'));
    pdf.paragraph([document.addressee.name, ...document.addressee.address].join('\n'));
    for (const block of document.body.split(/\n\s*\n/)) {
      const text = block.trim();
      if (!text) continue;
      if (text.startsWith('## ')) pdf.heading(text.slice(3), 2);
      else if (text.startsWith('# ')) pdf.heading(text.slice(2), 1);
      else pdf.paragraph(text);
    }
  });
}
