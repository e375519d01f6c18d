import type { AmtswegModule } from '../../core/module.js';
import { proceduresCommand } from './command.js';
import { procedureMessages } from './messages.js';
import { procedureMigrations } from './migrations.js';
import { publishAllPacks } from './versions.js';
import { procedureStudioNavigation, procedureStudioRoutes } from './routes.js';

/**
 * Procedure packs as data: `procedures/<key>/procedure.json` (service, trust level, applicants,
 * routing, deadlines, retention, fee) and `form.json`, checked at load, published as immutable
 * versions. The applications module files every application under one version. The studio
 * (/verwaltung/verfahren, docs/studio.md) takes versions from draft through review (four eyes)
 * to published, and retires procedures.
 */
export const proceduresModule: AmtswegModule = {
  name: 'procedures',
  dependsOn: ['catalog', 'forms', 'identity'],
  migrations: procedureMigrations,
  messages: procedureMessages,
  hooks: procedureStudioNavigation,
  routes: procedureStudioRoutes,
  async seed(ctx) {
    await publishAllPacks(ctx);
  },
  commands: { procedures: proceduresCommand },
};

export type {
  ProcedureDefinition,
  ProcedureVersion,
  CallRules,
  RankingRules,
  RecipientRule,
  RecipientFiling,
  RecipientRegion,
  FollowUpRule,
  FulfilsRule,
  TrustLevel,
  ApplicantKind,
} from './model.js';
export type { PostingField } from './posting-field.js';
export { packChecks, type PackCheck } from './pack-checks.js';
export { loadPack, checkPack, loadAllPacks, logicProblems, ProcedurePackError, procedureJsonSchema, type LoadedPack, type PackDocuments, type PackProblem } from './pack.js';
export {
  publishPack,
  importPack,
  publishAllPacks,
  getProcedureVersion,
  currentProcedureVersion,
  listCurrentProcedures,
  listVersions,
  versionSummary,
  type PublishResult,
  type VersionSummary,
} from './versions.js';
export type { VersionState } from './migrations.js';
export { PackFilesError, packFilesOf, writePackFolder, checkPackFolder, type PackFiles } from './files.js';
export { reportingPackErrors } from './command.js';
export {
  isRetired,
  versionOfPath,
  studioProcedures,
  studioVersion,
  submitForReview,
  approveVersion,
  returnToDraft,
  retireProcedure,
  type StudioProcedure,
  type StudioVersion,
} from './studio.js';
export {
  workingCopy,
  startWorkingCopy,
  changeWorkingCopy,
  saveWorkingCopyAsDraft,
  type WorkingCopy,
  type WorkingContent,
} from './working-copy.js';
export { diffVersions, diffStoredVersions, type DiffEntry, type DiffArea, type PropertyChange, type VersionContent } from './diff.js';
export { UnknownAuthorityKindError } from './authority-kinds.js';
export { resolveRecipients, kreisOfLocation, RoutingError, type Recipient } from './routing.js';
