import { addAttachment } from '../../src/modules/applications/attachments.js';
import { getApplication, submitApplication, updateDraft } from '../../src/modules/applications/service.js';
import { createCall, startInCall, type Call } from '../../src/modules/calls/index.js';
import type { TestRuntime } from '../helpers/runtime.js';
import { teacherA1 } from '../procedures/lehrerbewerbung-sample.js';
import { fileInput, staff, tinyPdf, type Actor } from '../cases/helpers.js';

/** A hiring round of the teacher procedure whose window is open around the test clock's default date. */
export async function openRound(runtime: TestRuntime, tenant: string, overrides: Partial<Parameters<typeof createCall>[2]> = {}): Promise<Call> {
  const admin = staff(tenant, null, 'procedureAdmin', 'Frieda Fachadmin');
  return createCall(runtime.ctx, admin, {
    procedureKey: 'lehrerbewerbung',
    title: 'Einstellung zum 01.08.2026',
    startDate: '2026-08-01',
    opensOn: '2026-03-01',
    closesOn: '2026-04-28',
    groups: ['A1', 'A2', 'B1'],
    ...overrides,
  });
}

/** Fills a started teacher draft (with an uploaded certificate) and submits it. */
export async function fillAndSubmit(runtime: TestRuntime, applicant: Actor, draftId: string, data: Record<string, unknown> = teacherA1()) {
  await addAttachment(runtime.ctx, applicant, draftId, '/certificates', fileInput('zeugnis.pdf', tinyPdf));
  const { certificates } = (await getApplication(runtime.ctx, applicant, draftId)).data;
  await updateDraft(runtime.ctx, applicant, draftId, { data: { ...data, certificates }, strict: true });
  return submitApplication(runtime.ctx, applicant, draftId);
}

/** Starts a teacher application in the call and submits it; returns its id. */
export async function applyInCall(runtime: TestRuntime, applicant: Actor, callId: string, data?: Record<string, unknown>): Promise<string> {
  const draft = await startInCall(runtime.ctx, applicant, 'lehrerbewerbung', { callId });
  await fillAndSubmit(runtime, applicant, draft.id, data);
  return draft.id;
}
