/**
 * Which files may be attached to an application: PDF, PNG and JPEG, judged by their bytes
 * (magic numbers, via file-type), never by the file name or the type the browser claims. A
 * renamed executable is therefore refused however it is called.
 */
import { fileTypeFromBuffer } from 'file-type';

export const ATTACHMENT_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AttachmentMediaType = (typeof ATTACHMENT_MEDIA_TYPES)[number];

/** Largest attachment, in bytes (the upload limit of the web forms is the same). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** The detected media type, or `rejected` with what the content looked like (null: unrecognised). */
export async function detectAttachmentType(
  content: Uint8Array,
): Promise<{ accepted: AttachmentMediaType } | { rejected: string | null }> {
  const detected = await fileTypeFromBuffer(content);
  const mime = detected?.mime ?? null;
  return (ATTACHMENT_MEDIA_TYPES as readonly string[]).includes(mime ?? '') ? { accepted: mime as AttachmentMediaType } : { rejected: mime };
}

/**
 * The name shown and offered on download: the last path segment only, without control or
 * invisible characters, NFC, at most 200 characters. It is never used to name the stored file.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base.normalize('NFC').replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '').trim();
  return [...clean].slice(0, 200).join('') || 'attachment';
}
