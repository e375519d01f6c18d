import type { AppContext } from '../../core/context.js';
import { extensionPoint } from '../../core/extensions.js';
import type { LoadedPack } from './pack.js';

/**
 * What other modules check in a pack before the studio stores a working copy as a version, as
 * `amtsweg procedures import` does: the cases module checks the workflow and its templates against
 * the form with the effects of the runtime's modules. `label` names the pack in problems; a check
 * throws `ProcedurePackError`.
 */
export type PackCheck = (ctx: Pick<AppContext, 'extensions'>, pack: LoadedPack, label: string) => void;

export const packChecks = extensionPoint<PackCheck>('procedure pack check');
