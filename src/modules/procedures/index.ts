import type { AmtswegModule } from '../../core/module.js';
import { proceduresCommand } from './command.js';
import { procedureMessages } from './messages.js';
import { procedureMigrations } from './migrations.js';
import { publishAllPacks } from './versions.js';

/**
 * Procedure packs as data: `procedures/<key>/procedure.json` (service, trust level, applicants,
 * routing, deadlines, retention, fee) and `form.json`, checked at load, published as immutable
 * versions. The applications module files every application under one version.
 */
export const proceduresModule: AmtswegModule = {
  name: 'procedures',
  dependsOn: ['catalog', 'forms'],
  migrations: procedureMigrations,
  messages: procedureMessages,
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
export { loadPack, loadAllPacks, logicProblems, ProcedurePackError, procedureJsonSchema, type LoadedPack, type PackProblem } from './pack.js';
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
export { diffVersions, diffStoredVersions, type DiffEntry, type DiffArea, type PropertyChange, type VersionContent } from './diff.js';
export { UnknownAuthorityKindError } from './authority-kinds.js';
export { resolveRecipients, kreisOfLocation, RoutingError, type Recipient } from './routing.js';
