import type { AmtswegModule } from '../../../core/module.js';
import type { AppContext } from '../../../core/context.js';
import type { HttpApp } from '../../../core/module.js';
import { recordsPlanApiRoutes } from './api-routes.js';
import { recordsPlanMessages } from './messages.js';
import { recordsPlanNavigation } from './navigation.js';
import { recordsPlanRoutes } from './routes.js';

/**
 * The Aktenplan part of the records module: plans and their units, per-authority records
 * settings, CSV import and export, admin pages and API. Filing (records-core) asks
 * `filingUnit` and `recordSettingsOf`; XDOMEA 0301 reads and writes the `PlanTree`.
 */
export const recordsPlanModule: AmtswegModule = {
  name: 'records-plan',
  dependsOn: ['catalog', 'identity'],
  messages: recordsPlanMessages,
  hooks: recordsPlanNavigation,
  async routes(app: HttpApp, ctx: AppContext) {
    await recordsPlanRoutes(app, ctx);
    await recordsPlanApiRoutes(app, ctx);
  },
};

export type { Plan, PlanUnit, PlanTree, PlanTreeNode, PlanChange, RecordSettings, UnitFields } from './model.js';
export { defaultFileNumberPattern, flattenTree, treeFromRows, type FlatUnit } from './model.js';
export {
  listPlans,
  getPlan,
  planHistory,
  createPlan,
  createUnit,
  updateUnit,
  retireUnit,
  exportPlanTree,
  importPlanTree,
  importPlanCsv,
  importPlanRows,
  getRecordSettings,
  saveRecordSettings,
  recordSettingsOf,
  filingUnit,
  type ImportResult,
} from './service.js';
export { planTreeToCsv, parsePlanCsv, csvColumns } from './csv.js';
export { seedDemoRecordPlans } from './demo.js';
export { exportPlanXdomea, importPlanXdomea, planTreeToAktenplan, aktenplanToPlanTree } from './xdomea.js';
