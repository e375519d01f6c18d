import type { FormDefinition, LocalText, Logic } from '../forms/index.js';
import type { PostingField } from './posting-field.js';

/**
 * A procedure pack (`procedures/<key>/procedure.json` + `form.json`) after it passed the schema
 * check. `docs/procedures.md` explains every property.
 */

export type TrustLevel = 'basis' | 'substanziell' | 'hoch';
export type ApplicantKind = 'person' | 'organisation';

/** Where the authority of a routing rule is looked up. */
export type RecipientRegion =
  /** The authority of that kind responsible for the whole Land (e.g. LfULG, Oberbergamt). */
  | 'land'
  /** The authority of that kind of the Kreis the application's location lies in (e.g. the untere Wasserbehörde). */
  | 'kreisOfLocation'
  /**
   * The authority the applicant chose in the answer at `field`: either an authority key of that
   * kind (e.g. `lasub-dresden`) or a Kreis/Gemeinde AGS whose Zuständigkeit names one.
   */
  | 'chosenInField';

/**
 * One recipient: when `when` is true for the answers, the authority of `authorityKind` (a catalog
 * authority kind such as `geology`, `mining`, `water`) responsible at `region` receives the application.
 */
export interface RecipientRule {
  authorityKind: string;
  region: RecipientRegion;
  /** For `chosenInField`: JSON pointer of the answer naming the authority or region. */
  field?: string;
  /** JSON-logic over the answers (computed values at top level and under `computed`). */
  when: Logic;
  /** Why this authority is involved, shown to the applicant (e.g. "§ 127 BBergG: tiefer als 100 m"). */
  reason?: LocalText;
  /** Where the recipient files the case in its E-Akte (see docs/records.md). */
  filing?: RecipientFiling;
}

/**
 * The Aktenplan unit (by Kennzeichen) a recipient authority files the case under, and how cases are
 * grouped into Akten there; without `formation` the unit's own formation applies.
 */
export interface RecipientFiling {
  kennzeichen: string;
  formation?: 'case' | 'applicant' | 'site' | 'year';
}

export interface ProcedureDefinition {
  key: string;
  /** The catalog service this procedure implements (its key) and the service's LeiKa key. */
  service: string;
  leikaKey: string;
  /**
   * The tenant (slug) that maintains the pack, its "Einer für Alle" provider: only its procedure
   * administrators change the procedure's versions in the studio. Without one, only the operator
   * does (`amtsweg procedures`).
   */
  provider?: string;
  title: LocalText;
  trustLevel: TrustLevel;
  /** A higher minimum for someone acting for an organisation (e.g. an ELSTER company account), if any. */
  organisationTrustLevel?: TrustLevel;
  applicants: ApplicantKind[];
  /** Whether people may apply without an account (drafts then resume by a secret link). */
  anonymous: boolean;
  /** JSON pointer of the coordinate field whose place decides the Zuständigkeit (`kreisOfLocation`). */
  location?: string;
  recipients: RecipientRule[];
  /** JSON pointer of the e-mail field mails about the application go to (confirmation, reminders, new messages). */
  contactEmail?: string;
  /** Working days the authority aims to need; shown to the applicant. */
  processingDays?: number;
  /** How long a submitted application is kept (years after it is closed). */
  retentionYears: number;
  /** Fee in cents (0: free of charge), with an optional explanation. */
  fee: { amountCents: number; note?: LocalText };
  /** Declaration the applicant confirms before submitting. */
  declaration: LocalText;
  /** Applications belong to a call (hiring round, posting) with an application window; see docs/calls.md. */
  calls?: CallRules;
  /** Duties the applicant has after submitting (e.g. transmit results within 3 months of the end). */
  followUps?: FollowUpRule[];
  /** Submitting this procedure fulfils a follow-up duty of an earlier application of the same person. */
  fulfils?: FulfilsRule;
  /** A granted request of this procedure moves the due date of an earlier application's duties (§ 11(4) GeolDG). */
  extends?: ExtendsRule;
  /** Answers a new application takes from an earlier submitted one it is started from (e.g. results from a notification). */
  prefill?: PrefillRule[];
}

/**
 * Started from an earlier application of procedure `from` (its owner's, submitted), the new form's
 * answers at the pointers of `set` are taken from it: `reference` (its Aktenzeichen), `duty` (the
 * key of the follow-up duty the start came from, if it is one of that application's), an answer
 * pointer into the earlier answers, or a fixed `{ value }`.
 */
export interface PrefillRule {
  from: string;
  set: Record<string, PrefillSource>;
}

/** `{ value }`: a fixed answer, e.g. the kind "results" for a start from the duty to transmit them. */
export type PrefillSource = 'reference' | 'duty' | `/${string}` | { value: string | number | boolean };

/**
 * A duty after submission: due `dueMonths` after the date answered at `from` (§ 31 VwVfG with
 * §§ 187–193 BGB, the tenant's holidays), fulfilled by submitting the linked procedure `procedure`.
 * The applicant is reminded `remindDaysBefore` and `remindDaysAfter` the due date while it is open.
 */
export interface FollowUpRule {
  key: string;
  title: LocalText;
  /** JSON-logic over the answers: whether the duty arises. */
  when: Logic;
  from: string;
  dueMonths: number;
  procedure: string;
  remindDaysBefore: number[];
  remindDaysAfter: number[];
}

/** The answer at `reference` names the earlier application (its reference); the answer at `duty`, when given, the duty key. */
export interface FulfilsRule {
  reference: string;
  duty?: string;
  /** JSON-logic over the answers: whether this submission fulfils the duty (e.g. not for an extension request). */
  when: Logic;
}

/**
 * When a submission of this procedure for which `when` holds reaches the applicant status `status`
 * (the workflow's "granted" state), the open duties of the application named at `reference` that
 * this procedure fulfils are due on the date answered at `dueOn` (never earlier than before).
 */
export interface ExtendsRule {
  reference: string;
  dueOn: string;
  when: Logic;
  status: 'submitted' | 'inProgress' | 'waiting' | 'decided' | 'closed';
}

export interface CallRules {
  /** Only one submitted application per person and call (per kind, see `secondaryKinds`). */
  onePerApplicant: boolean;
  /** JSON pointer of the answer naming the application's kind (e.g. `/applicationKind`). */
  kindField?: string;
  /** Kinds allowing one more application in the same call besides the main one (e.g. `paedagogischeFachkraft`). */
  secondaryKinds?: string[];
  /** Answers whose value at `field` is one of `values` are taken only through a posting (e.g. Gymnasium). */
  postingOnly?: { field: string; values: string[] };
  /** What describes a posting of the call (e.g. school, Schulart, subjects): its attributes, in this order; see docs/calls.md. */
  postingFields?: PostingField[];
  /** Ranking lists of a call, per recipient authority and partition (see docs/calls.md). */
  ranking?: RankingRules;
  /** The procedure's words for its calls (e.g. "Einstellungstermin" for the start date); without them, generic ones. */
  labels?: { startDate?: LocalText; postings?: LocalText };
}

export interface RankingRules {
  /** Case states whose applications are on the list. */
  states: string[];
  /** Each partition splits the lists by an answer; with several pointers an application is on the list of each value (subjects 1–4). */
  partitions: { label: LocalText; pointers: string[] }[];
  /** Answers the list is ordered by, ascending (texts by code point, numbers numerically, missing last). */
  order: string[];
  /** The columns shown for each applicant. */
  columns: { label: LocalText; pointer: string }[];
}

/**
 * A stored version: the pack's content fixed under a version number. Content only, which never
 * changes and is cached per database; its state and dates change in the studio and are read with
 * `versionSummary`.
 */
export interface ProcedureVersion {
  procedure: ProcedureDefinition;
  form: FormDefinition;
  /** 1, 2, …: the order of publication; the form is registered as `<key>@<version>`. */
  version: number;
  contentHash: string;
  /** The version's `workflow.json` as published (the cases module checks and runs it); null without one. */
  workflowDocument: unknown;
  /** Its `templates/` texts by file name. */
  templates: Record<string, string>;
}
