/**
 * Removes an attachment while the application may still be edited (a wrong file uploaded by
 * mistake). The row and its audit event commit together; the file goes once they have.
 */
import { isApplicationEditable, type ApplicationStatus } from '../../domain/application-status.ts';
import { DomainError } from '../../domain/errors.ts';
import { lockApplication } from '../applications/application-transition.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, type Actor, type AppContext } from '../context.ts';
import { inTransaction } from '../transaction.ts';
import { removeAttachmentFile } from './attachment-files.ts';
import { toAttachmentView } from './attachment-view.ts';

export async function deleteAttachment(ctx: AppContext, actor: Actor, applicationId: string, attachmentId: string): Promise<void> {
  requirePermission(actor, 'applications:write');
  const storageName = await inTransaction(ctx, async (trx) => {
    const application = await lockApplication(trx, actor, applicationId);
    const row = await trx.selectFrom('attachments').selectAll().where('id', '=', attachmentId).where('application_id', '=', applicationId).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', 'No such attachment');
    if (!isApplicationEditable(application.status as ApplicationStatus)) {
      throw new DomainError('APPLICATION_NOT_EDITABLE', `The application is ${application.status}`, [], { currentStatus: application.status });
    }
    await trx.deleteFrom('attachments').where('id', '=', attachmentId).execute();
    await recordAudit(trx, ctx, actor, ctx.clock.now(), { action: 'application.attachment_removed', entityType: 'application', entityId: applicationId, before: toAttachmentView(row) });
    return row.storage_name;
  });
  await removeAttachmentFile(ctx, storageName);
}
