/**
 * Shared replies of the evaluation pages and API: which refusals a person fixes on the form, and
 * the report PDF as a private download (never cached by shared caches, named safely).
 */
import type { FastifyReply } from 'fastify';
import { DomainError, ERROR_CATALOGUE } from '../../../domain/errors.ts';

const FORM_CODES = new Set([
  'VALIDATION_FAILED',
  'EVALUATION_REPORT_INCOMPLETE',
  'EVALUATION_STATE_CONFLICT',
  'EVALUATION_BODY_NOT_ACCREDITED',
  'EVALUATION_NOT_SIGNED_OFF',
  'APPLICATION_STATE_CONFLICT',
  'CRITERIA_NOT_AVAILABLE',
  'FEE_NOT_DEFINED',
  'LABEL_STATE_CONFLICT',
]);

/** A refusal shown beside the form (the person can act on it); anything else is an error page. */
export function isEvaluationFormError(error: unknown): error is DomainError {
  return error instanceof DomainError && FORM_CODES.has(error.code);
}

export function statusOf(error: DomainError): number {
  return ERROR_CATALOGUE[error.code].status;
}

export function sendReportPdf(reply: FastifyReply, file: { fileName: string; sha256: string; content: Buffer }): FastifyReply {
  const ascii = file.fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('cache-control', 'private, no-store')
    .header('etag', `"${file.sha256}"`)
    .send(file.content);
}
