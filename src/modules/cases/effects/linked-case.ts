import { newId } from '../../../core/ids.js';
import { addRecipient } from '../access.js';
import { openCase } from '../create.js';
import type { Applying } from './effect.js';

/**
 * Opens a case at another authority linked to this one: a forwarding (the other authority becomes
 * a recipient of the application and takes over) or an involvement (it is asked for an opinion).
 */
export async function openLinkedCase(applying: Applying, link: { kind: 'forwarding' | 'involvement'; authorityId: string; question: string | null }): Promise<void> {
  const { trx, ctx, prepared: p, stored, event } = applying;
  const { kase, workflow, actor } = p;
  const forwarding = link.kind === 'forwarding';
  const authority = p.authorities.get(link.authorityId)!;
  const recipientId = forwarding
    ? await addRecipient(trx, ctx, {
        tenantId: kase.tenantId,
        applicationId: kase.applicationId,
        authorityId: link.authorityId,
        authorityName: authority.name,
        reason: { de: `Abgabe durch ${p.authority.name}`, en: `Forwarded by ${p.authority.name}` },
      })
    : null;
  const childId = await openCase(trx, ctx, workflow, {
    tenantId: kase.tenantId,
    authorityId: link.authorityId,
    kind: forwarding ? 'case' : 'involvement',
    applicationId: kase.applicationId,
    recipientId,
    parentCaseId: forwarding ? null : kase.id,
    procedureKey: kase.procedureKey,
    procedureVersion: kase.procedureVersion,
    reference: kase.reference,
    answers: p.application.application.data,
    processingDays: p.application.version.procedure.processingDays,
    actor,
    details: { from: kase.authorityId, ...(link.question ? { question: link.question } : {}) },
  });
  await trx
    .insertInto('case_links')
    .values({
      id: newId(),
      tenant_id: kase.tenantId,
      kind: link.kind,
      from_case_id: kase.id,
      to_case_id: childId,
      to_authority_id: link.authorityId,
      question: link.question,
      answer: null,
      created_at: stored,
      answered_at: null,
    })
    .execute();
  event(forwarding ? 'forwarded' : 'involved', { authority: link.authorityId, authorityName: authority.name, case: childId });
}
