import type { ServiceFactSource } from '../catalog/index.js';
import { currentProcedureVersion } from '../procedures/index.js';
import { trustLevelText } from './pages/start.js';

/** A Leistung with an online procedure names the sign-in level it needs, as the procedure's start page does. */
export const signInLevelFact: ServiceFactSource = async (ctx, service, view) => {
  const version = service.procedureKey ? await currentProcedureVersion(ctx, service.procedureKey) : undefined;
  return version ? [{ name: view.t('applications.serviceFact.trustLevel'), value: trustLevelText(view, version.procedure) }] : [];
};
