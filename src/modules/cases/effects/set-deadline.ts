import { Type } from 'typebox';
import type { LocalDate } from '../../../core/calendar/index.js';
import { newId } from '../../../core/ids.js';
import { scheduleReminder } from '../jobs-schedule.js';
import { Days, Name } from '../workflow/primitives.js';
import { defineEffect } from './effect.js';
import { inputString } from './inputs.js';

/** Sets a deadline of a kind (replacing an open one of that kind): in working days from today, or a date input. */
export const setDeadline = defineEffect({
  name: 'setDeadline',
  schema: Type.Object({ kind: Name, workingDays: Type.Optional(Days), input: Type.Optional(Name) }, { additionalProperties: false }),
  changesDeadlines: true,
  check(value, { at, report }) {
    if ((value.workingDays === undefined) === (value.input === undefined)) report(at, 'needs exactly one of workingDays and input');
  },
  plan(value, planning) {
    const due = value.input ? (inputString(planning.inputs, value.input) as LocalDate) : planning.calendar.addWorkingDays(planning.today, value.workingDays!);
    planning.deadline = { kind: value.kind, due };
  },
  async apply(_value, { trx, ctx, prepared, planning, stored, event, clearDeadlines }) {
    const deadline = planning.deadline!;
    const { kase, workflow } = prepared;
    await clearDeadlines(deadline.kind);
    const deadlineId = newId();
    await trx
      .insertInto('case_deadlines')
      .values({ id: deadlineId, tenant_id: kase.tenantId, case_id: kase.id, kind: deadline.kind, due_date: deadline.due, note: null, created_at: stored, cleared_at: null })
      .execute();
    await scheduleReminder(trx, ctx, workflow, { tenantId: kase.tenantId, caseId: kase.id, deadlineId, dueDate: deadline.due });
    event('deadlineSet', { kind: deadline.kind, due: deadline.due });
  },
});
