import type { Confidentiality, DocumentDirection, FileFormation, FileState, RecordDocumentTable, RecordDocumentVersionTable, RecordFileTable, RecordProcessTable } from '../tables.js';

/** The E-Akte's objects as the service hands them out (camelCase, numbers as numbers). */

export interface RecordFile {
  id: string;
  tenantId: string;
  authorityId: string;
  planUnitId: string;
  aktenzeichen: string;
  subject: string;
  formationKey: string | null;
  lead: string | null;
  confidentiality: Confidentiality;
  remark: string | null;
  openedOn: string;
  closedOn: string | null;
  state: FileState;
  retentionYears: number | null;
  retentionEnd: string | null;
  version: number;
}

export interface RecordProcess {
  id: string;
  tenantId: string;
  authorityId: string;
  fileId: string;
  caseId: string | null;
  number: number;
  aktenzeichen: string;
  subject: string;
  lead: string | null;
  confidentiality: Confidentiality;
  remark: string | null;
  openedOn: string;
  closedOn: string | null;
  state: FileState;
  /** When the external DMS confirmed the Abgabe (0402): the Vorgang is abgegeben, led there. */
  handedOverAt: string | null;
  version: number;
}

export interface RecordDocument {
  id: string;
  processId: string;
  fileId: string;
  number: number;
  kind: string;
  direction: DocumentDirection;
  title: string;
  documentDate: string;
  sender: string | null;
  recipient: string | null;
  sourceKey: string | null;
  currentVersion: number;
  contentText: string;
}

export interface DocumentVersion {
  id: string;
  documentId: string;
  number: number;
  sha256: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  reason: string | null;
  createdByName: string;
  createdAt: string;
}

export type { FileFormation };

export function toFile(row: RecordFileTable): RecordFile {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    authorityId: row.authority_id,
    planUnitId: row.plan_unit_id,
    aktenzeichen: row.aktenzeichen,
    subject: row.subject,
    formationKey: row.formation_key,
    lead: row.lead,
    confidentiality: row.confidentiality,
    remark: row.remark,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
    state: row.state,
    retentionYears: row.retention_years === null ? null : Number(row.retention_years),
    retentionEnd: row.retention_end,
    version: Number(row.version),
  };
}

export function toProcess(row: RecordProcessTable): RecordProcess {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    authorityId: row.authority_id,
    fileId: row.file_id,
    caseId: row.case_id,
    number: Number(row.number),
    aktenzeichen: row.aktenzeichen,
    subject: row.subject,
    lead: row.lead,
    confidentiality: row.confidentiality,
    remark: row.remark,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
    state: row.state,
    handedOverAt: row.handover_confirmed_at,
    version: Number(row.version),
  };
}

export function toDocument(row: RecordDocumentTable): RecordDocument {
  return {
    id: row.id,
    processId: row.process_id,
    fileId: row.file_id,
    number: Number(row.number),
    kind: row.kind,
    direction: row.direction,
    title: row.title,
    documentDate: row.document_date,
    sender: row.sender,
    recipient: row.recipient,
    sourceKey: row.source_key,
    currentVersion: Number(row.current_version),
    contentText: row.content_text,
  };
}

export function toVersion(row: RecordDocumentVersionTable): DocumentVersion {
  return {
    id: row.id,
    documentId: row.document_id,
    number: Number(row.number),
    sha256: row.sha256,
    fileName: row.file_name,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    reason: row.reason,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
  };
}
