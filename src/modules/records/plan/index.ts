import type { AmtswegModule } from '../../../core/module.js';
import { recordsPlanMessages } from './messages.js';

/**
 * The Aktenplan part of the records module: plans and their units, per-authority records
 * settings, CSV import and export, admin pages and API. Filing (records-core) asks
 * `filingUnit` and `recordSettingsOf`; XDOMEA 0301 reads and writes the `PlanTree`.
 */
export const recordsPlanModule: AmtswegModule = {
  name: 'records-plan',
  messages: recordsPlanMessages,
};

export type { Plan, PlanUnit, PlanTree, PlanTreeNode, PlanChange, RecordSettings, UnitFields } from './model.js';
export { defaultFileNumberPattern } from './model.js';
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
  getRecordSettings,
  saveRecordSettings,
  recordSettingsOf,
  filingUnit,
  type ImportResult,
} from './service.js';
export { planTreeToCsv, parsePlanCsv, csvColumns } from './csv.js';
