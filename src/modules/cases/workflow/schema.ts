import { Type, type Static } from 'typebox';
import { Days, Logic, Name, Pointer, Text } from './primitives.js';

/**
 * The format of `procedures/<key>/workflow.json` (documented in docs/workflows.md). A workflow is
 * data: states, actions between them, the inputs an action asks for, guards (JSON-logic), effects
 * and timers. The engine (engine.ts) interprets it; nothing in it is code.
 */

const Role = Type.Union([Type.Literal('caseWorker'), Type.Literal('teamLead')]);
const ApplicantStatus = Type.Union(['submitted', 'inProgress', 'waiting', 'decided', 'closed'].map((code) => Type.Literal(code)));

const State = Type.Object(
  {
    /**
     * What the applicant sees: one of the applications module's status codes (its pages word them)
     * and the state's own words; absent = internal, the applicant's status stays as it was.
     */
    applicant: Type.Optional(Type.Object({ status: ApplicantStatus, label: Text }, { additionalProperties: false })),
    staff: Text,
    terminal: Type.Optional(Type.Boolean()),
    /** The processing clock stands still in this state (waiting for the applicant). */
    suspendsClock: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Input = Type.Object(
  {
    name: Name,
    type: Type.Union([Type.Literal('text'), Type.Literal('textarea'), Type.Literal('date'), Type.Literal('choice'), Type.Literal('money'), Type.Literal('authority')]),
    label: Text,
    hint: Type.Optional(Text),
    required: Type.Optional(Type.Boolean()),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000 })),
    /** For `choice`. */
    options: Type.Optional(Type.Array(Type.Object({ value: Name, label: Text }, { additionalProperties: false }), { minItems: 1 })),
    /** For `authority`: the kinds of authority offered. */
    authorityKinds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
  },
  { additionalProperties: false },
);

/**
 * One effect: an object with a single key, the effect's name, whose value that effect's own schema
 * describes (../effects/<name>.ts); the loader checks the value against it.
 */
export const EffectShape = Type.Record(Name, Type.Unknown(), { minProperties: 1, maxProperties: 1 });

const Action = Type.Object(
  {
    label: Text,
    from: Type.Array(Name, { minItems: 1 }),
    to: Name,
    roles: Type.Array(Role, { minItems: 1 }),
    inputs: Type.Optional(Type.Array(Input)),
    /** JSON-logic over `{answers, case, input, authority}`; the action is offered only when true. */
    guard: Type.Optional(Logic),
    /** Needs a second person with the team-lead role (never the one who asked) before it takes effect. */
    fourEyes: Type.Optional(Type.Boolean()),
    /** `applicant`: offered to the applicant on the application's page (e.g. accept an offer), besides the `roles`. */
    actor: Type.Optional(Type.Literal('applicant')),
    /** For an applicant action: the question asked before it takes effect; it is then a secondary button (e.g. declining an offer). */
    confirm: Type.Optional(Text),
    /** For an applicant action: what the applicant is told once it took effect, with what happens next. */
    done: Type.Optional(Text),
    /** Only the system performs it (timers, the applicant's reply); not offered to people. */
    system: Type.Optional(Type.Boolean()),
    effects: Type.Optional(Type.Array(EffectShape)),
  },
  { additionalProperties: false },
);

const Timer = Type.Object(
  {
    /** While the case is in this state … */
    state: Name,
    /** … for this many working days (the tenant's holidays) … */
    workingDays: Days,
    /** … the system performs this action, */
    action: Name,
    /** … if this holds (JSON-logic over `{answers, case, authority}`). */
    when: Type.Optional(Logic),
  },
  { additionalProperties: false },
);

const MessageTemplate = Type.Object(
  { subject: Type.String({ minLength: 1, maxLength: 200 }), file: Type.String({ pattern: '^[a-z][a-z0-9-]*\\.txt$' }) },
  { additionalProperties: false },
);
const DocumentTemplate = Type.Object(
  { title: Type.String({ minLength: 1, maxLength: 200 }), file: Type.String({ pattern: '^[a-z][a-z0-9-]*\\.txt$' }) },
  { additionalProperties: false },
);

export const WorkflowSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    initial: Type.Object({ case: Name, involvement: Type.Optional(Name) }, { additionalProperties: false }),
    /** When the applicant's reply arrives in a state that waits for it, the system performs this action. */
    onApplicantReply: Type.Optional(Name),
    /** When a case closes, the system performs this action on each of its involvements still waiting for an opinion. */
    onParentClosed: Type.Optional(Name),
    states: Type.Record(Name, State),
    actions: Type.Record(Name, Action),
    timers: Type.Optional(Type.Array(Timer)),
    templates: Type.Optional(
      Type.Object({ messages: Type.Optional(Type.Record(Name, MessageTemplate)), documents: Type.Optional(Type.Record(Name, DocumentTemplate)) }, { additionalProperties: false }),
    ),
    /**
     * JSON pointers into the answers for the inbox columns (kept on the case, so the list needs no
     * join) and for the addressee of letters: `applicantAddress` points at an `address` answer.
     */
    inbox: Type.Object({ applicantName: Pointer, gemeinde: Type.Optional(Pointer), applicantAddress: Type.Optional(Pointer) }, { additionalProperties: false }),
    /** Reminder to the assignee this many working days before a deadline. */
    remindDaysBefore: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 })),
  },
  { additionalProperties: false },
);

export type WorkflowDocument = Static<typeof WorkflowSchema>;
export type WorkflowState = Static<typeof State>;
export type WorkflowAction = Static<typeof Action>;
export type WorkflowInput = Static<typeof Input>;
export type WorkflowEffect = Static<typeof EffectShape>;
export type WorkflowTimer = Static<typeof Timer>;
export type LocalText = Static<typeof Text>;

/** A loaded workflow: the document plus its template texts, read and checked at load. */
export interface Workflow extends WorkflowDocument {
  procedureKey: string;
  messageTexts: Record<string, { subject: string; body: string }>;
  documentTexts: Record<string, { title: string; body: string }>;
}
