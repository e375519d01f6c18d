import type { Actor } from '../../access/index.js';
import { auditEntriesAbout } from '../../../core/audit/index.js';
import { BlobIntegrityError } from '../../../core/blobs/index.js';
import type { AppContext } from '../../../core/context.js';
import type { Executor } from '../../../core/db/index.js';
import { NotFoundError } from '../../../core/errors.js';
import { getFile } from '../files/service.js';
import { recordBlobs } from '../files/write.js';
import { leafHash, merkleRoot } from './merkle.js';

/**
 * The evidence record (Beweisdatensatz) of an Akte: a hash tree over every version of every
 * document, in the spirit of RFC 4998, with the audit chain entries that recorded each version.
 * Exported as JSON; `amtsweg records verify` recomputes it from the blob store.
 */

export interface EvidenceLeaf {
  processAktenzeichen: string;
  documentId: string;
  documentNumber: number;
  version: number;
  fileName: string;
  sha256: string;
  /** leafHash(`<documentId>/<version>/<sha256>`): binds the content to its place in the Akte. */
  leaf: string;
}

export interface EvidenceAuditEntry {
  chain: string;
  position: number;
  hash: string;
  documentId: string;
  version: number;
  sha256: string;
}

export interface EvidenceRecord {
  format: 'amtsweg-evidence-record/1';
  hashAlgorithm: 'SHA-256';
  aktenzeichen: string;
  fileId: string;
  createdAt: string;
  /** Merkle root over the leaves in their order (Vorgang, Dokument, version). */
  root: string;
  leaves: EvidenceLeaf[];
  /** The `records.version.add` entries of the audit chain (their own integrity: `amtsweg audit verify`). */
  audit: EvidenceAuditEntry[];
}

const leafText = (documentId: string, version: number, sha256: string) => `${documentId}/${version}/${sha256}`;

/** Every version in the Akte, in the tree's order. */
async function leavesOf(db: Executor, tenantId: string, fileId: string): Promise<EvidenceLeaf[]> {
  const rows = await db
    .selectFrom('record_document_versions as v')
    .innerJoin('record_documents as d', 'd.id', 'v.document_id')
    .innerJoin('record_processes as p', 'p.id', 'd.process_id')
    .select(['p.aktenzeichen', 'd.id as documentId', 'd.number as documentNumber', 'v.number as version', 'v.file_name', 'v.sha256'])
    .where('d.tenant_id', '=', tenantId)
    .where('d.file_id', '=', fileId)
    .orderBy('p.number')
    .orderBy('d.number')
    .orderBy('v.number')
    .execute();
  return rows.map((row) => {
    const version = Number(row.version);
    return {
      processAktenzeichen: row.aktenzeichen,
      documentId: row.documentId,
      documentNumber: Number(row.documentNumber),
      version,
      fileName: row.file_name,
      sha256: row.sha256,
      leaf: leafHash(leafText(row.documentId, version, row.sha256)),
    };
  });
}

/** The audit entries that recorded the versions of these documents. */
async function auditOf(db: Executor, tenantId: string, documentIds: string[]): Promise<EvidenceAuditEntry[]> {
  const entries = await auditEntriesAbout(db, tenantId, { objectTypes: ['record_document'], objectIds: documentIds, actionPrefix: 'records.version.add' });
  return entries.map((entry) => {
    const details = entry.details as { version: number; sha256: string };
    return { chain: entry.chain, position: entry.position, hash: entry.hash, documentId: entry.objectId, version: Number(details.version), sha256: details.sha256 };
  });
}

async function buildRecord(ctx: AppContext, file: { tenantId: string; id: string; aktenzeichen: string }): Promise<EvidenceRecord> {
  const leaves = await leavesOf(ctx.db, file.tenantId, file.id);
  const audit = await auditOf(ctx.db, file.tenantId, [...new Set(leaves.map((leaf) => leaf.documentId))]);
  return {
    format: 'amtsweg-evidence-record/1',
    hashAlgorithm: 'SHA-256',
    aktenzeichen: file.aktenzeichen,
    fileId: file.id,
    createdAt: ctx.clock.now().toISOString(),
    root: merkleRoot(leaves.map((leaf) => leaf.leaf)),
    leaves,
    audit,
  };
}

/** The evidence record for a reader of the Akte; the read is logged like any read of the Akte. */
export async function evidenceRecord(ctx: AppContext, actor: Actor, fileId: string): Promise<EvidenceRecord> {
  const { file } = await getFile(ctx, actor, fileId, 'Beweisdatensatz');
  return buildRecord(ctx, file);
}

export type EvidenceProblem = 'missing' | 'changed' | 'notInAuditChain' | 'auditMismatch' | 'notInRecord' | 'goneSinceRecord';

export interface EvidenceFinding {
  problem: EvidenceProblem;
  processAktenzeichen: string;
  documentNumber: number;
  documentId: string;
  version: number;
  fileName: string;
  sha256: string;
  detail: string;
}

export interface Verification {
  tenantId: string;
  aktenzeichen: string;
  versions: number;
  root: string;
  findings: EvidenceFinding[];
}

/** Checks one version's content in the blob store: it must be there and hash to its address. */
async function contentFinding(ctx: AppContext, leaf: EvidenceLeaf): Promise<Pick<EvidenceFinding, 'problem' | 'detail'> | undefined> {
  try {
    await recordBlobs(ctx).get(leaf.sha256);
    return undefined;
  } catch (error) {
    if (error instanceof NotFoundError) return { problem: 'missing', detail: 'no blob is stored under this hash' };
    if (!(error instanceof BlobIntegrityError)) throw error;
    return { problem: /missing/.test(error.reason) ? 'missing' : 'changed', detail: error.reason };
  }
}

/**
 * Recomputes the evidence of every Akte with this Aktenzeichen (one per tenant at most) from the
 * database and the blob store: each version's content must be stored unchanged and recorded by
 * the audit chain with the same hash. With an earlier exported record, also every version it
 * lists must still be there (and every version there must be listed, with the same root).
 */
export async function verifyEvidence(ctx: AppContext, aktenzeichen: string, earlier?: EvidenceRecord): Promise<Verification[]> {
  const files = await ctx.db.selectFrom('record_files').select(['id', 'tenant_id', 'aktenzeichen']).where('aktenzeichen', '=', aktenzeichen).orderBy('tenant_id').execute();
  const results: Verification[] = [];
  for (const row of files) {
    if (earlier && earlier.fileId !== row.id) continue;
    const record = await buildRecord(ctx, { tenantId: row.tenant_id, id: row.id, aktenzeichen: row.aktenzeichen });
    const recorded = new Map(record.audit.map((entry) => [`${entry.documentId}/${entry.version}`, entry]));
    const findings: EvidenceFinding[] = [];
    const finding = (leaf: EvidenceLeaf, problem: EvidenceProblem, detail: string) =>
      findings.push({
        problem,
        detail,
        processAktenzeichen: leaf.processAktenzeichen,
        documentNumber: leaf.documentNumber,
        documentId: leaf.documentId,
        version: leaf.version,
        fileName: leaf.fileName,
        sha256: leaf.sha256,
      });
    for (const leaf of record.leaves) {
      const content = await contentFinding(ctx, leaf);
      if (content) finding(leaf, content.problem, content.detail);
      const entry = recorded.get(`${leaf.documentId}/${leaf.version}`);
      if (!entry) finding(leaf, 'notInAuditChain', 'no records.version.add entry in the audit chain');
      else if (entry.sha256 !== leaf.sha256) finding(leaf, 'auditMismatch', `the audit chain recorded ${entry.sha256} (audit position ${entry.position})`);
    }
    if (earlier) {
      const now = new Set(record.leaves.map((leaf) => leaf.leaf));
      const before = new Set(earlier.leaves.map((leaf) => leaf.leaf));
      for (const leaf of earlier.leaves)
        if (!now.has(leaf.leaf)) finding(leaf, 'goneSinceRecord', 'listed in the evidence record, but no longer in the Akte (or with another hash)');
      for (const leaf of record.leaves) if (!before.has(leaf.leaf)) finding(leaf, 'notInRecord', 'in the Akte, but not in the evidence record (added since)');
    }
    results.push({ tenantId: row.tenant_id, aktenzeichen: row.aktenzeichen, versions: record.leaves.length, root: record.root, findings });
  }
  return results;
}
