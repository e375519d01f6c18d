import type {
  Confidentiality,
  DocumentDirection,
  FileFormation,
  FileState,
  RecordDocumentTable,
  RecordDocumentVersionTable,
  RecordFileTable,
  RecordProcessTable,
} from '../tables.js';

/** The E-Akte's objects as the service hands them out (camelCase, numbers as numbers). */

/** What an Akte and a Vorgang share (XDOMEA's Schriftgutobjekt metadata). */
interface RecordObject {
  id: string;
  tenantId: string;
  authorityId: string;
  aktenzeichen: string;
  subject: string;
  lead: string | null;
  confidentiality: Confidentiality;
  remark: string | null;
  openedOn: string;
  closedOn: string | null;
  state: FileState;
  version: number;
}

export interface RecordFile extends RecordObject {
  planUnitId: string;
  formationKey: string | null;
  retentionYears: number | null;
  retentionEnd: string | null;
}

export interface RecordProcess extends RecordObject {
  fileId: string;
  caseId: string | null;
  number: number;
  /** When the external DMS confirmed the Abgabe (0402): the Vorgang is abgegeben, led there. */
  handedOverAt: string | null;
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

/** The columns an Akte and a Vorgang share. */
type RecordObjectRow = Pick<
  RecordFileTable,
  'id' | 'tenant_id' | 'authority_id' | 'aktenzeichen' | 'subject' | 'lead' | 'confidentiality' | 'remark' | 'opened_on' | 'closed_on' | 'state' | 'version'
>;

function toRecordObject(row: RecordObjectRow): RecordObject {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    authorityId: row.authority_id,
    aktenzeichen: row.aktenzeichen,
    subject: row.subject,
    lead: row.lead,
    confidentiality: row.confidentiality,
    remark: row.remark,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
    state: row.state,
    version: Number(row.version),
  };
}

export function toFile(row: RecordFileTable): RecordFile {
  return {
    ...toRecordObject(row),
    planUnitId: row.plan_unit_id,
    formationKey: row.formation_key,
    retentionYears: row.retention_years === null ? null : Number(row.retention_years),
    retentionEnd: row.retention_end,
  };
}

export function toProcess(row: RecordProcessTable): RecordProcess {
  return { ...toRecordObject(row), fileId: row.file_id, caseId: row.case_id, number: Number(row.number), handedOverAt: row.handover_confirmed_at };
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
