/**
 * Attachments of an application: the page, upload (multipart), removal and download. Downloads
 * are for the owning vendor's users and the operators (permission applications:read, vendor scope
 * in the use case: another vendor gets 404), always as a download (Content-Disposition:
 * attachment, nosniff, the type detected at upload), never rendered inline by the browser.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import { getApplication } from '../../../app/applications/get-applications.ts';
import { deleteAttachment } from '../../../app/attachments/delete-attachment.ts';
import { listApplicationAttachments, readAttachment } from '../../../app/attachments/list-attachments.ts';
import { uploadAttachment } from '../../../app/attachments/upload-attachment.ts';
import { validationError, type FieldError } from '../../../domain/errors.ts';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { applicationPath } from './application-steps.ts';
import { AttachmentsMain } from './attachments-view.tsx';
import { uploadScope } from './upload-scope.ts';
import { actorOf, doneKey, errorsOf, hidden, idParam, isFormError, portalPage, sendPortal, statusOf, uploadedFile } from './kit.tsx';

/** `filename*` (RFC 6266 / 8187) for any name, plus an ASCII fallback for old clients. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export async function attachmentRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const write = { ...hidden, config: { permission: 'applications:write' as const } };

  await uploadScope(app, (scope) => {
    const show = async (request: FastifyRequest, reply: FastifyReply, errors: FieldError[], status = 200, application?: ApplicationView) => {
      const actor = actorOf(request);
      const current = application ?? (await getApplication(ctx, actor, idParam(request)));
      const [items, page] = await Promise.all([listApplicationAttachments(ctx, actor, current.id), portalPage(request, reply, deps)]);
      const t = page.m.attachments;
      const done = { uploaded: t.uploaded, removed: t.removed }[doneKey(request) ?? ''];
      const item = String((request.query as Record<string, unknown>).item ?? formValue(request.body, 'checklistItemId') ?? '');
      return sendPortal(request, reply, deps, page, t.title, AttachmentsMain({ page, app: current, criteria: ctx.catalog.criteria.get(current.criteria)!, items, errors, item, done }), status);
    };

    scope.get('/portal/applications/:id/attachments', write, (request, reply) => show(request, reply, []));

    scope.post('/portal/applications/:id/attachments', write, async (request, reply) => {
      try {
        const file = await uploadedFile(request.body, 'file');
        if (!file) throw validationError([{ pointer: '/file', detail: (await portalPage(request, reply, deps)).m.attachments.noFile }]);
        await uploadAttachment(ctx, actorOf(request), idParam(request), {
          fileName: file.fileName,
          content: file.content,
          checklistItemId: formValue(request.body, 'checklistItemId') || null,
        });
        return reply.redirect(`${applicationPath(idParam(request), 'attachments')}?done=uploaded`, 303);
      } catch (error) {
        if (!isFormError(error)) throw error;
        return show(request, reply, errorsOf(error), statusOf(error));
      }
    });

    scope.post('/portal/applications/:id/attachments/:attachmentId/delete', write, async (request, reply) => {
      try {
        await deleteAttachment(ctx, actorOf(request), idParam(request), idParam(request, 'attachmentId'));
        return reply.redirect(`${applicationPath(idParam(request), 'attachments')}?done=removed`, 303);
      } catch (error) {
        if (!isFormError(error)) throw error;
        return show(request, reply, errorsOf(error), statusOf(error));
      }
    });

    scope.get('/portal/applications/:id/attachments/:attachmentId', { ...hidden, config: { permission: 'applications:read' } }, async (request, reply) => {
      const { attachment, content } = await readAttachment(ctx, actorOf(request), idParam(request), idParam(request, 'attachmentId'));
      return reply
        .header('content-type', attachment.mediaType)
        .header('content-disposition', contentDisposition(attachment.originalName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-length', String(content.length))
        .send(content);
    });
  });
}
