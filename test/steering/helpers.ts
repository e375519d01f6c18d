import type { LocalDate } from '../../src/core/calendar/index.js';
import { startApplication } from '../../src/modules/applications/service.js';
import { performAction } from '../../src/modules/cases/service.js';
import type { HttpApp } from '../../src/core/module.js';
import type { Actor } from '../../src/modules/access/index.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { sampleNotification } from '../procedures/bohranzeige-sample.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, staff, submitNotification, tenantId, type Authorities, type Staff } from '../cases/helpers.js';

export { caseTestModules as steeringTestModules, citizen, staff, tenantId, encodeActor, type Actor, type Staff } from '../cases/helpers.js';

/**
 * A small history of drilling notifications for the steering tests, each one opening three
 * cases (LfULG, Oberbergamt, Wasserbehörde): six filed on the working days from 2 March 2026
 * (and a seventh started on 9 March, never submitted);
 * the LfULG closes five of them on 16 March, the Oberbergamt two; the sixth LfULG case waits
 * five working days for the applicant and stays open.
 */
export interface History {
  authorities: Authorities;
  /** The LfULG's cases, in filing order. */
  lfulgCases: string[];
  obaCases: string[];
}

export async function fileHistory(runtime: TestRuntime, tenant: string): Promise<History> {
  const calendar = await runtime.ctx.calendars.forTenant(runtime.ctx.db, tenant);
  const filedOn = (index: number) => calendar.addWorkingDays('2026-02-27' as LocalDate, index + 1);
  const authorities = await authoritiesOf(runtime, tenant);
  const lfulgCases: string[] = [];
  const obaCases: string[] = [];
  for (let index = 0; index < 6; index++) {
    runtime.clock.set(new Date(`${filedOn(index)}T09:00:00Z`));
    const applicationId = await submitNotification(runtime, citizen(tenant), sampleNotification({ applicantName: `Antragsteller ${index}` }));
    lfulgCases.push((await caseAt(runtime, applicationId, authorities.lfulg.id)).id);
    obaCases.push((await caseAt(runtime, applicationId, authorities.oba.id)).id);
  }
  // One more draft, never submitted: seven started, six submitted.
  await startApplication(runtime.ctx, citizen(tenant), 'bohranzeige');
  const lfulgLead = staff(tenant, authorities.lfulg.id, 'teamLead');
  const obaLead = staff(tenant, authorities.oba.id, 'teamLead');
  const act = async (actor: Staff, caseId: string, action: string, inputs: Record<string, string> = {}) => {
    const { version } = await runtime.ctx.db.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow();
    await performAction(runtime.ctx, actor, caseId, { action, version: Number(version), inputs });
  };
  runtime.clock.set(new Date('2026-03-09T10:00:00Z'));
  const waiting = lfulgCases[5]!;
  await act(lfulgLead, waiting, 'confirmReceipt');
  await act(lfulgLead, waiting, 'requestDocuments', { request: 'Bitte reichen Sie den Lageplan nach.', replyBy: '2026-03-20' });
  runtime.clock.set(new Date('2026-03-16T10:00:00Z'));
  await act(lfulgLead, waiting, 'continueWithoutReply');
  for (const caseId of lfulgCases.slice(0, 5)) await act(lfulgLead, caseId, 'closeWithoutDecision', { reason: 'withdrawn' });
  for (const caseId of obaCases.slice(0, 2)) await act(obaLead, caseId, 'closeWithoutDecision', { reason: 'withdrawn' });
  return { authorities, lfulgCases, obaCases };
}

/** What a steering test over HTTP works with: the app, the history filed in it, and a steering staff member. */
export interface SteeringFixture {
  app: HttpApp;
  runtime: TestRuntime;
  tenant: string;
  history: History;
  steering: Actor;
}

/** A test app with the history filed, seen on 20 April 2026; `receive` gets it before the tests run. */
export function useSteeringHistory(receive: (fixture: SteeringFixture) => void): void {
  useTestApp(
    async ({ app, runtime }) => {
      const tenant = await tenantId(runtime);
      const history = await fileHistory(runtime, tenant);
      runtime.clock.set(new Date('2026-04-20T10:00:00Z'));
      receive({ app, runtime, tenant, history, steering: staff(tenant, null, 'steering') });
    },
    { modules: caseTestModules },
  );
}
