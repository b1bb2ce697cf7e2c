/**
 * Evidence attachments beside the checklist answers they support. The attachments feature lives
 * in its own module; until it is part of the registry, `loadAttachmentLinks` answers null and the
 * checklist says attachments are not shown yet.
 */
import type { Actor, AppContext } from '../../../app/context.ts';
import type { messagesFor } from './console-kit.tsx';

export interface AttachmentLink {
  name: string;
  href: string;
  mediaType: string;
  sizeBytes: number;
}

/** Attachments by checklist item id ('' for the application as a whole), or null when not available. */
export async function loadAttachmentLinks(_ctx: AppContext, _actor: Actor, _applicationId: string): Promise<Map<string, AttachmentLink[]> | null> {
  return null;
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
