import type { AppContext } from '../../core/context.js';
import type { Language } from '../../core/i18n/index.js';
import { pointerTokens, valueAt } from '../../core/json-pointer.js';
import type { ProcedureVersion } from '../procedures/index.js';
import { principalAccountId, type Actor } from './access.js';
import { followUpsOf } from './follow-ups.js';
import { getApplication, regionCheck, validateAnswers } from './service.js';

/**
 * A new application started from an earlier one (procedure.json `prefill`): e.g. the §9 results
 * started from the notification's duty take its Aktenzeichen, the duty and the contact answers, so
 * the citizen types none of them. The earlier application must be the starter's own and submitted.
 */
export interface StartedFrom {
  /** The earlier application's id. */
  application: string;
  /** The key of one of its follow-up duties the start came from, if any. */
  duty?: string;
}

type Data = Record<string, unknown>;

function setAt(document: Data, pointer: string, value: unknown): void {
  const tokens = pointerTokens(pointer);
  let target = document;
  for (const token of tokens.slice(0, -1)) {
    const next = target[token];
    target = (target[token] = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Data;
  }
  target[tokens[tokens.length - 1]!] = value;
}

/** Whether an answer at `pointer` is refused by the form (not merely incomplete), so it is better left out. */
function refused(errors: readonly { pointer: string; code: string }[], pointer: string): boolean {
  return errors.some((e) => (e.pointer === pointer || e.pointer.startsWith(`${pointer}/`)) && e.code !== 'forms.required' && !e.code.startsWith('rule.'));
}

/**
 * The first answers for a new application of `version` started from an earlier one; `{}` when the
 * procedure takes nothing from that procedure or the earlier one is still a draft. Someone else's
 * application is "not found", as everywhere.
 */
export async function answersFromEarlier(ctx: AppContext, actor: Actor, version: ProcedureVersion, from: StartedFrom, lang: Language): Promise<Data> {
  const rule = version.procedure.prefill?.length ? await ruleFor(ctx, actor, version, from) : undefined;
  if (!rule) return {};
  const { earlier, set } = rule;
  const duties = from.duty && Object.values(set).some((source) => source === 'duty') ? await followUpsOf(ctx.db, earlier.tenantId, earlier.id) : [];
  const answers: Data = {};
  for (const [target, source] of Object.entries(set)) {
    const value =
      typeof source === 'object'
        ? source.value
        : source === 'reference'
          ? earlier.reference
          : source === 'duty'
            ? duties.find((duty) => duty.duty === from.duty && duty.procedureKey === version.procedure.key)?.duty
            : valueAt(earlier.data, source);
    if (value !== undefined && value !== null && value !== '') setAt(answers, target, value);
  }
  const { errors } = validateAnswers(ctx, await regionCheck(ctx, actor.tenantId), version.form, answers, lang);
  for (const target of Object.keys(set)) {
    if (refused(errors, target)) setAt(answers, target, undefined);
  }
  return JSON.parse(JSON.stringify(answers)) as Data; // drops the refused (undefined) answers and emptied groups' holes
}

async function ruleFor(ctx: AppContext, actor: Actor, version: ProcedureVersion, from: StartedFrom) {
  const owner = principalAccountId(actor);
  if (owner === null) return undefined;
  const earlier = await getApplication(ctx, actor, from.application);
  if (earlier.ownerAccountId !== owner || earlier.status === 'draft' || !earlier.reference) return undefined;
  const rule = version.procedure.prefill?.find((r) => r.from === earlier.procedureKey);
  return rule ? { earlier, set: rule.set } : undefined;
}
