/** What vendors and reviewers see of an attachment (never where it is stored). */
import type { Selectable } from 'kysely';
import type { AttachmentsTable } from '../../store/schema.ts';

export interface AttachmentView {
  id: string;
  applicationId: string;
  /** The assessment item it supports; null for the application as a whole. */
  checklistItemId: string | null;
  originalName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string | null;
  uploadedAt: string;
}

export type AttachmentRow = Selectable<AttachmentsTable>;

export function toAttachmentView(row: AttachmentRow): AttachmentView {
  return {
    id: row.id,
    applicationId: row.application_id,
    checklistItemId: row.checklist_item_id,
    originalName: row.original_name,
    mediaType: row.media_type,
    sizeBytes: Number(row.size_bytes),
    sha256: row.sha256,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
  };
}
