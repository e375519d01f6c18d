import crypto from 'node:crypto';
import type { AppContext } from '../../../core/context.js';
import { ValidationError } from '../../../core/errors.js';
import type { Actor } from '../../access/index.js';
import { getAuthority } from '../../catalog/index.js';
import { readXdomeaMessage, writeXdomeaMessage, XdomeaMessageError, type Aktenplan, type PlanUnit as XdomeaUnit } from '../xdomea/index.js';
import type { FileFormation } from '../tables.js';
import { walkTree, type PlanTree, type PlanTreeNode } from './model.js';
import { exportPlanTree, getPlan, importPlanTree, type ImportResult } from './service.js';

/**
 * The Aktenplan as XDOMEA 0301 (Aktenplan.Aktenplan), through the xdomea library and the plain
 * PlanTree. XDOMEA has no Aktenbildung: units the plan already has keep theirs on import, new
 * ones get "one Akte per case".
 */

function laufzeit(from: string | null, to: string | null) {
  return from || to ? { ...(from ? { beginn: from } : {}), ...(to ? { ende: to } : {}) } : undefined;
}

export function planTreeToAktenplan(tree: PlanTree, version: number): Aktenplan {
  const unit = (node: PlanTreeNode): XdomeaUnit => {
    const gueltigkeit = laufzeit(node.validFrom, node.validTo);
    return {
      kennzeichen: node.kennzeichen,
      inhaltsangabe: node.title,
      aussonderungsart: node.disposal,
      aufbewahrungsdauer: node.retentionYears ?? 'unbefristet',
      stillgelegt: node.retired,
      ...(gueltigkeit ? { gueltigkeit } : {}),
      einheiten: node.children.map(unit),
    };
  };
  const gueltigkeit = laufzeit(tree.validFrom, null);
  return { bezeichnung: tree.title, version: String(version), ...(gueltigkeit ? { gueltigkeit } : {}), einheiten: tree.units.map(unit) };
}

export function aktenplanToPlanTree(plan: Aktenplan, formationOf: (kennzeichen: string) => FileFormation | undefined): PlanTree {
  const node = (unit: XdomeaUnit): PlanTreeNode => ({
    kennzeichen: unit.kennzeichen,
    title: unit.inhaltsangabe,
    retentionYears: unit.aufbewahrungsdauer === 'unbefristet' ? null : unit.aufbewahrungsdauer,
    disposal: unit.aussonderungsart,
    formation: formationOf(unit.kennzeichen) ?? 'case',
    validFrom: unit.gueltigkeit?.beginn ?? null,
    validTo: unit.gueltigkeit?.ende ?? null,
    retired: unit.stillgelegt,
    children: unit.einheiten.map(node),
  });
  return { title: plan.bezeichnung, validFrom: plan.gueltigkeit?.beginn ?? null, units: plan.einheiten.map(node) };
}

/** The plan as a 0301 message from its authority (or the tenant, for the shared plan). */
export async function exportPlanXdomea(ctx: AppContext, actor: Actor, planId: string): Promise<string> {
  const { plan } = await getPlan(ctx, actor, planId);
  const tree = await exportPlanTree(ctx, actor, planId);
  const authority = plan.authorityId ? await getAuthority(ctx, plan.tenantId, plan.authorityId) : undefined;
  return writeXdomeaMessage({
    code: '0301',
    header: { prozessId: crypto.randomUUID(), erstellungszeitpunkt: ctx.clock.now(), absender: { institution: authority?.name ?? plan.title }, empfaenger: {} },
    aktenplan: planTreeToAktenplan(tree, plan.version),
    empfangsbestaetigung: false,
  });
}

/** Imports a 0301 message (XML or XDOMEA package) into a plan, all or nothing; an unreadable or invalid message is a field error at `/xml`. */
export async function importPlanXdomea(
  ctx: AppContext,
  actor: Actor,
  planId: string,
  input: Uint8Array | string,
  options: { reason: string | null; expectedVersion?: number },
): Promise<ImportResult & { version: number }> {
  const current = await exportPlanTree(ctx, actor, planId);
  let message: Awaited<ReturnType<typeof readXdomeaMessage>>;
  try {
    message = await readXdomeaMessage(input, { accept: ['0301'] });
  } catch (error) {
    if (!(error instanceof XdomeaMessageError)) throw error;
    throw new ValidationError([{ pointer: '/xml', code: 'records.plan.xdomea.invalid', params: { message: error.de, details: error.details.join(' ') } }]);
  }
  const formations = new Map([...walkTree(current.units)].map(({ node }) => [node.kennzeichen, node.formation]));
  return importPlanTree(
    ctx,
    actor,
    planId,
    aktenplanToPlanTree(message.aktenplan, (kennzeichen) => formations.get(kennzeichen)),
    options,
  );
}
