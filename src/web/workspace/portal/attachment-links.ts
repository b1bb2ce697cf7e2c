/**
 * Where an attachment is downloaded. The operator console links here too: the route answers the
 * owning vendor's users and the operators (reviewer, operator admin), and 404 to anyone else.
 */
export function attachmentHref(applicationId: string, attachmentId: string): string {
  return `/portal/applications/${encodeURIComponent(applicationId)}/attachments/${encodeURIComponent(attachmentId)}`;
}
