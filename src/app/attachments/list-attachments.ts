/**
 * Reading attachments: the list of an application's attachments and one file's bytes. The owning
 * vendor's users and the operators (reviewer, operator admin) may read; another vendor gets
 * NOT_FOUND, as for the application itself. The operator console uses these too.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext } from '../context.ts';
import { readAttachmentFile } from './attachment-files.ts';
import { toAttachmentView, type AttachmentView } from './attachment-view.ts';

async function requireApplication(ctx: AppContext, actor: Actor, applicationId: string): Promise<void> {
  requirePermission(actor, 'applications:read');
  const application = await ctx.db.selectFrom('applications').select('vendor_id').where('id', '=', applicationId).executeTakeFirst();
  if (!application) throw new DomainError('NOT_FOUND', 'No such application');
  requireVendorScope(actor, application.vendor_id, 'application');
}

/** The application's attachments, oldest first. */
export async function listApplicationAttachments(ctx: AppContext, actor: Actor, applicationId: string): Promise<AttachmentView[]> {
  await requireApplication(ctx, actor, applicationId);
  const rows = await ctx.db.selectFrom('attachments').selectAll().where('application_id', '=', applicationId).orderBy('uploaded_at').orderBy('id').execute();
  return rows.map(toAttachmentView);
}

/** One attachment with its content, checked against the SHA-256 recorded at upload. */
export async function readAttachment(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  attachmentId: string,
): Promise<{ attachment: AttachmentView; content: Buffer }> {
  await requireApplication(ctx, actor, applicationId);
  const row = await ctx.db.selectFrom('attachments').selectAll().where('id', '=', attachmentId).where('application_id', '=', applicationId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'No such attachment');
  const content = await readAttachmentFile(ctx, row.storage_name);
  if (createHash('sha256').update(content).digest('hex') !== row.sha256) {
    throw new Error(`Attachment ${row.id} does not match its recorded SHA-256`);
  }
  return { attachment: toAttachmentView(row), content };
}
