/**
 * Evidence attachments beside the checklist answers they support, read through the attachments
 * module (the same vendor-scope and permission checks as the portal) and linked to the portal's
 * download route, which serves operators too (always as a download, never inline).
 */
import { listApplicationAttachments } from '../../../app/attachments/list-attachments.ts';
import type { Actor, AppContext } from '../../../app/context.ts';
import { attachmentHref } from '../portal/attachment-links.ts';
import type { messagesFor } from './console-kit.tsx';

export interface AttachmentLink {
  name: string;
  href: string;
  mediaType: string;
  sizeBytes: number;
}

/** Attachments by checklist item id ('' for the application as a whole). */
export async function loadAttachmentLinks(ctx: AppContext, actor: Actor, applicationId: string): Promise<Map<string, AttachmentLink[]>> {
  const byItem = new Map<string, AttachmentLink[]>();
  for (const a of await listApplicationAttachments(ctx, actor, applicationId)) {
    const key = a.checklistItemId ?? '';
    byItem.set(key, [...(byItem.get(key) ?? []), { name: a.originalName, href: attachmentHref(applicationId, a.id), mediaType: a.mediaType, sizeBytes: a.sizeBytes }]);
  }
  return byItem;
}

export function AttachmentList({ items, m }: { items: AttachmentLink[]; m: ReturnType<typeof messagesFor> }) {
  return (
    <ul class="plain-list" aria-label={m.checklist.attachments}>
      {items.map((a) => (
        <li>
          <a href={a.href} safe>{a.name}</a> <span class="muted" safe>{`(${a.mediaType}, ${Math.ceil(a.sizeBytes / 1024)} KB)`}</span>
        </li>
      ))}
    </ul>
  );
}
