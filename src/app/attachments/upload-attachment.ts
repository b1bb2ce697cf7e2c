/**
 * Attaches a file to an application as evidence, for one assessment item or for the whole
 * application. Only while the vendor may edit the application (draft or returned). The type is
 * detected from the content; a refused file leaves nothing behind, neither a row nor a file.
 */
import { createHash } from 'node:crypto';
import { isApplicationEditable, type ApplicationStatus } from '../../domain/application-status.ts';
import { DomainError, validationError } from '../../domain/errors.ts';
import { lockApplication } from '../applications/application-transition.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { removeAttachmentFile, writeAttachmentFile } from './attachment-files.ts';
import { ATTACHMENT_MAX_BYTES, cleanFileName, detectAttachmentType } from './attachment-types.ts';
import { toAttachmentView, type AttachmentView } from './attachment-view.ts';

/** Enough for a document per assessment item several times over; bounds the disk one draft can use. */
export const ATTACHMENTS_PER_APPLICATION_MAX = 100;

export interface UploadAttachmentInput {
  fileName: string;
  content: Uint8Array;
  /** An assessment item of the application's criteria; null or absent for the whole application. */
  checklistItemId?: string | null;
}

export async function uploadAttachment(ctx: AppContext, actor: Actor, applicationId: string, input: UploadAttachmentInput): Promise<AttachmentView> {
  requirePermission(actor, 'applications:write');
  const size = input.content.byteLength;
  if (size === 0) throw validationError([{ pointer: '/file', detail: 'the file is empty' }]);
  if (size > ATTACHMENT_MAX_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', `Attachments may be at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`);
  const type = await detectAttachmentType(input.content);
  if ('rejected' in type) {
    throw new DomainError(
      'ATTACHMENT_TYPE_REFUSED',
      `The file's content is not a PDF, PNG or JPEG file (${type.rejected ? `it is ${type.rejected}` : 'its type is not recognised'}), whatever its name says; nothing was stored.`,
      [{ pointer: '/file', detail: 'must be a PDF, PNG or JPEG file' }],
      { detectedType: type.rejected },
    );
  }
  const itemId = input.checklistItemId?.trim() || null;

  let stored: string | null = null;
  try {
    return await inTransaction(ctx, async (trx) => {
      const application = await lockApplication(trx, actor, applicationId);
      if (!isApplicationEditable(application.status as ApplicationStatus)) {
        throw new DomainError('APPLICATION_NOT_EDITABLE', `The application is ${application.status}`, [], { currentStatus: application.status });
      }
      const criteria = ctx.catalog.criteria.get(application.criteria_id)!;
      if (itemId && !criteria.requirements.some((r) => r.items.some((i) => i.id === itemId))) {
        throw validationError([{ pointer: '/checklistItemId', detail: `unknown assessment item ${JSON.stringify(itemId)}` }]);
      }
      const count = await trx.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).where('application_id', '=', applicationId).executeTakeFirstOrThrow();
      if (Number(count.n) >= ATTACHMENTS_PER_APPLICATION_MAX) {
        throw validationError([{ pointer: '/file', detail: `an application may have at most ${ATTACHMENTS_PER_APPLICATION_MAX} attachments` }]);
      }
      const now = ctx.clock.now();
      // A retried transaction writes a second file; the first one is removed here.
      if (stored) await removeAttachmentFile(ctx, stored);
      stored = await writeAttachmentFile(ctx, input.content);
      const row = {
        id: ctx.newId(),
        application_id: applicationId,
        checklist_item_id: itemId,
        original_name: cleanFileName(input.fileName),
        media_type: type.accepted,
        size_bytes: size,
        sha256: createHash('sha256').update(input.content).digest('hex'),
        storage_name: stored,
        uploaded_by: actor.userId,
        uploaded_at: now.toISOString(),
      };
      await trx.insertInto('attachments').values(row).execute();
      const view = toAttachmentView(row);
      await recordAudit(trx, ctx, actor, now, { action: 'application.attachment_added', entityType: 'application', entityId: applicationId, after: view });
      return view;
    });
  } catch (error) {
    // The metadata did not commit, so the file must not stay either.
    if (stored) await removeAttachmentFile(ctx, stored);
    throw error;
  }
}
