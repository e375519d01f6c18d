import type { Migration } from '../../core/db/index.js';

/**
 * The steering module's own figures: counters kept up to date by its listeners on the application
 * and case events, so no steering page reads the cases. Nothing here names a person or a case:
 * only procedures, authorities, days and months, and counts. Days and months are German calendar
 * dates (Europe/Berlin), `YYYY-MM-DD` and `YYYY-MM`.
 */
export const steeringMigrations: Migration[] = [
  {
    name: '0950_steering_aggregates',
    async up(db) {
      await db.schema
        .createTable('steering_submissions')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('procedure_key', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('submitted', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('steering_submissions_pk', ['tenant_id', 'procedure_key', 'day'])
        .execute();
      await db.schema
        .createTable('steering_cases_monthly')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('procedure_key', 'text', (c) => c.notNull())
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('opened', 'integer', (c) => c.notNull())
        .addColumn('decided', 'integer', (c) => c.notNull())
        .addColumn('deadline_kept', 'integer', (c) => c.notNull())
        .addColumn('deadline_missed', 'integer', (c) => c.notNull())
        .addColumn('working_days', 'integer', (c) => c.notNull())
        .addColumn('waiting_days', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('steering_cases_monthly_pk', ['tenant_id', 'procedure_key', 'authority_id', 'month'])
        .execute();
      await db.schema
        .createTable('steering_durations')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('procedure_key', 'text', (c) => c.notNull())
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('working_days', 'integer', (c) => c.notNull())
        .addColumn('cases', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('steering_durations_pk', ['tenant_id', 'procedure_key', 'authority_id', 'month', 'working_days'])
        .execute();
      await db.schema
        .createTable('steering_backlog')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('procedure_key', 'text', (c) => c.notNull())
        .addColumn('authority_id', 'text', (c) => c.notNull())
        .addColumn('opened_on', 'text', (c) => c.notNull())
        .addColumn('cases', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('steering_backlog_pk', ['tenant_id', 'procedure_key', 'authority_id', 'opened_on'])
        .execute();
      await db.schema
        .createTable('steering_maturity_overrides')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('steering_maturity_overrides_pk', ['tenant_id', 'service_id'])
        .execute();
    },
  },
  {
    // Use: drafts started per procedure and day, next to the submissions.
    name: '0951_steering_started',
    async up(db) {
      await db.schema
        .alterTable('steering_submissions')
        .addColumn('started', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  {
    // Use: where drafts stand (so where the abandoned ones gave up), and who submitted with which sign-in.
    name: '0952_steering_use_details',
    async up(db) {
      await db.schema
        .createTable('steering_draft_positions')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('procedure_key', 'text', (c) => c.notNull())
        .addColumn('page', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('drafts', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('steering_draft_positions_pk', ['tenant_id', 'procedure_key', 'page', 'day'])
        .execute();
      await db.schema
        .createTable('steering_submitters')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('procedure_key', 'text', (c) => c.notNull())
        .addColumn('month', 'text', (c) => c.notNull())
        .addColumn('trust_level', 'text', (c) => c.notNull())
        .addColumn('applicant_kind', 'text', (c) => c.notNull())
        .addColumn('submitted', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('steering_submitters_pk', ['tenant_id', 'procedure_key', 'month', 'trust_level', 'applicant_kind'])
        .execute();
    },
  },
];

/**
 * Drafts not submitted, per procedure, the page they stand on (`''` for a form without pages) and
 * the day of their last save. A save moves one from its old row to the new one; a submission takes
 * it out; a draft deleted on expiry stays (zero rows stay until a rebuild). Those whose last save
 * is long ago are the abandoned ones, and their page is where they gave up.
 */
export interface SteeringDraftPositionTable {
  tenant_id: string;
  procedure_key: string;
  page: string;
  day: string;
  drafts: number;
}

/** Applications submitted per procedure and month, by the sign-in's trust level (`''` without an account) and the kind of applicant. */
export interface SteeringSubmitterTable {
  tenant_id: string;
  procedure_key: string;
  month: string;
  trust_level: string;
  applicant_kind: string;
  submitted: number;
}

/** Applications per procedure and day: drafts started that day, applications submitted that day. */
export interface SteeringSubmissionTable {
  tenant_id: string;
  procedure_key: string;
  day: string;
  started: number;
  submitted: number;
}

/**
 * Cases per procedure, authority and month: `opened` in the month they opened; `decided`, the
 * deadline counts and `working_days` (submission to decision, summed) in the month of the
 * decision; `waiting_days` (working days the clock stood still for the applicant) in the month it
 * started again.
 */
export interface SteeringCasesMonthlyTable {
  tenant_id: string;
  procedure_key: string;
  authority_id: string;
  month: string;
  opened: number;
  decided: number;
  deadline_kept: number;
  deadline_missed: number;
  working_days: number;
  waiting_days: number;
}

/** How many cases decided in a month took exactly `working_days` from submission: medians and p90 come from it. */
export interface SteeringDurationTable {
  tenant_id: string;
  procedure_key: string;
  authority_id: string;
  month: string;
  working_days: number;
  cases: number;
}

/** Open cases per day they opened (zero rows stay until a rebuild): the backlog and its age. */
export interface SteeringBacklogTable {
  tenant_id: string;
  procedure_key: string;
  authority_id: string;
  opened_on: string;
  cases: number;
}

/** A Reifegrad set by hand for a service run elsewhere, with the reason. */
export interface SteeringMaturityOverrideTable {
  tenant_id: string;
  service_id: string;
  level: number;
  reason: string;
  changed_by: string;
  changed_at: string;
}

declare module '../../core/db/schema.js' {
  interface Tables {
    steering_submissions: SteeringSubmissionTable;
    steering_cases_monthly: SteeringCasesMonthlyTable;
    steering_durations: SteeringDurationTable;
    steering_backlog: SteeringBacklogTable;
    steering_maturity_overrides: SteeringMaturityOverrideTable;
    steering_draft_positions: SteeringDraftPositionTable;
    steering_submitters: SteeringSubmitterTable;
  }
}
