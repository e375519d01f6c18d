import type { AppContext } from '../../core/context.js';
import { toPointer } from '../../core/json-pointer.js';
import { definedAuthorityKinds } from '../catalog/index.js';
import type { LoadedPack } from './pack.js';

/** A pack that names an authority kind no tenant defines; the message is the one line an operator reads. */
export class UnknownAuthorityKindError extends Error {
  override name = 'UnknownAuthorityKindError';
  constructor(
    message: string,
    /** Where the pack names the kind, for the studio's message at the place. */
    readonly use: KindUse,
  ) {
    super(message);
  }
}

export interface KindUse {
  kind: string;
  file: 'procedure.json' | 'workflow.json';
  pointer: string;
}

/** The workflow's shape as far as kinds go: the cases module checks the rest when it loads it. */
type WorkflowKinds = { actions?: Record<string, { inputs?: { authorityKinds?: unknown }[] }> };

/** Where the pack names authority kinds: its recipients and its workflow's authority inputs. */
function kindUses(pack: LoadedPack): KindUse[] {
  const uses: KindUse[] = pack.procedure.recipients.map((rule, index) => ({
    kind: rule.authorityKind,
    file: 'procedure.json',
    pointer: toPointer('recipients', index, 'authorityKind'),
  }));
  const actions = (pack.workflowDocument as WorkflowKinds | null)?.actions ?? {};
  for (const [name, action] of Object.entries(actions)) {
    for (const [index, input] of (action.inputs ?? []).entries()) {
      if (!Array.isArray(input.authorityKinds)) continue;
      for (const [at, kind] of input.authorityKinds.entries()) {
        if (typeof kind === 'string') uses.push({ kind, file: 'workflow.json', pointer: toPointer('actions', name, 'inputs', index, 'authorityKinds', at) });
      }
    }
  }
  return uses;
}

/**
 * Refuses a pack whose recipients or workflow name a kind of authority that no tenant's catalogue
 * defines: its applications could never be routed. Checked when a pack is published (at start and
 * by `amtsweg procedures publish`), after the catalogue's seed has loaded the tenants' kinds.
 */
export async function checkAuthorityKinds(ctx: AppContext, pack: LoadedPack): Promise<void> {
  const defined = await definedAuthorityKinds(ctx);
  const unknown = kindUses(pack).find((use) => !defined.has(use.kind));
  if (unknown) {
    throw new UnknownAuthorityKindError(
      `procedure ${pack.procedure.key}: ${unknown.file} ${unknown.pointer} names the authority kind "${unknown.kind}", which no tenant defines (data/catalog/<tenant>/authority-kinds.json)`,
      unknown,
    );
  }
}
