import type { AppContext } from '../../../core/context.js';
import type { Executor } from '../../../core/db/index.js';
import type { BlobStore } from '../../../core/blobs/index.js';
import { findTenant } from '../../../core/tenancy.js';
import { getAuthority } from '../../catalog/index.js';
import { byParent, readFileTree } from '../files/tree.js';
import type { RecordFileTable } from '../tables.js';
import { dateiformatFor, primaryFileName, type Akte, type Dokument, type Party, type Vorgang } from '../xdomea/index.js';

/**
 * The E-Akte's rows as XDOMEA objects: one `Akte` with its Vorgänge and Dokumente. The 0501 needs
 * only metadata; the 0503 also ships every version's bytes, read from the blob store one file at a
 * time while the package is written.
 */

/** The tenant's archive the Aussonderung goes to (tenant settings); XDOMEA names it by its Behördenschlüssel. Undefined when the tenant names none. */
export async function archivePartyOf(ctx: AppContext, tenantId: string): Promise<Party | undefined> {
  const archive = (await findTenant(ctx.db, tenantId))?.settings?.archive;
  return archive && { behoerdenschluessel: { code: archive.code }, institution: archive.name };
}

/** Our side of the exchange: the authority, named by its catalogue key. */
export async function authorityParty(ctx: AppContext, tenantId: string, authorityId: string): Promise<Party> {
  const authority = await getAuthority(ctx, tenantId, authorityId);
  if (!authority) throw new Error(`authority ${authorityId} of tenant ${tenantId} is not in the catalogue`);
  return { behoerdenschluessel: { code: authority.key }, institution: authority.name };
}

async function* chunksOf(blobs: BlobStore, sha256: string): AsyncIterable<Uint8Array> {
  yield await blobs.get(sha256);
}

/**
 * One Akte as XDOMEA; with `blobs`, every version carries its content source (for the 0503 and
 * the 0401). With `processId`, the Akte holds only that Vorgang (the Abgabe of one closed Vorgang).
 */
export async function akteOf(db: Executor, file: RecordFileTable, blobs?: BlobStore, processId?: string): Promise<Akte> {
  const { unit, processes, documents, versions } = await readFileTree(db, file.tenant_id, { id: file.id, planUnitId: file.plan_unit_id }, processId);
  const aktenplaneinheit = { kennzeichen: unit.kennzeichen, inhaltsangabe: unit.title };
  const documentsOf = byParent(documents, (d) => d.process_id);
  const versionsOf = byParent(versions, (v) => v.document_id);
  const archiv = {
    aufbewahrungsdauer: file.retention_years ?? ('unbefristet' as const),
    ...(file.disposal ? { aussonderungsart: file.disposal } : {}),
    ...(file.retention_end ? { aufbewahrungsende: file.retention_end } : {}),
  };
  const dokument = (d: (typeof documents)[number]): Dokument => ({
    kind: 'dokument',
    id: d.id,
    nummer: d.number,
    betreff: d.title,
    datumDesSchreibens: d.document_date,
    versionen: versionsOf(d.id).map((v) => ({
      nummer: v.number,
      dateiformat: dateiformatFor(v.file_name),
      dateiname: primaryFileName(v.id, v.file_name),
      dateinameOriginal: v.file_name,
      ersteller: v.created_by_name,
      datumUhrzeit: new Date(v.created_at),
      sha256: v.sha256,
      size: Number(v.size_bytes),
      ...(blobs ? { content: () => chunksOf(blobs, v.sha256) } : {}),
    })),
  });
  const vorgang = (p: (typeof processes)[number]): Vorgang => ({
    kind: 'vorgang',
    id: p.id,
    nummer: p.number,
    betreff: p.subject,
    kennzeichen: p.aktenzeichen,
    vertraulichkeitsstufe: p.confidentiality,
    aktenplaneinheit,
    laufzeit: { beginn: p.opened_on, ...(p.closed_on ? { ende: p.closed_on } : {}) },
    ...(p.closed_on ? { zdaDatum: p.closed_on } : {}),
    dokumente: documentsOf(p.id).map(dokument),
  });
  return {
    kind: 'akte',
    id: file.id,
    betreff: file.subject,
    kennzeichen: file.aktenzeichen,
    vertraulichkeitsstufe: file.confidentiality,
    ...(file.lead ? { federfuehrung: file.lead } : {}),
    aktenplaneinheit,
    archiv,
    laufzeit: { beginn: file.opened_on, ...(file.closed_on ? { ende: file.closed_on } : {}) },
    ...(file.closed_on ? { zdaDatum: file.closed_on } : {}),
    vorgaenge: processes.map(vorgang),
    dokumente: [],
  };
}
