/**
 * RFC 9457 problem details. Every error leaving the API goes through here, so the wire format,
 * the status of each code and the logging of unexpected failures live in one place.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ERROR_CATALOGUE, type ErrorCode, type FieldError } from '../domain/errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance: string;
  errors?: Array<FieldError & { location?: string }>;
  [extension: string]: unknown;
}

export function problemTypeUri(publicBaseUrl: string, code: ErrorCode): string {
  return `${publicBaseUrl}/api/problems#${code}`;
}

function fromValidation(error: FastifyError): DomainError {
  const location = ({ body: 'body', querystring: 'query', params: 'path', headers: 'header' } as Record<string, string>)[error.validationContext ?? 'body'] ?? 'body';
  const fields = (error.validation ?? []).map((v) => {
    const missing = v.keyword === 'required' ? `/${(v.params as { missingProperty: string }).missingProperty}` : '';
    const extra = v.keyword === 'additionalProperties' ? `/${(v.params as { additionalProperty: string }).additionalProperty}` : '';
    const detail = v.keyword === 'additionalProperties' ? 'is not a known field' : v.keyword === 'required' ? 'is required' : v.message ?? 'is invalid';
    return { pointer: `${v.instancePath}${missing}${extra}` || '/', detail, location };
  });
  return new DomainError('VALIDATION_FAILED', fields.map((f) => `${f.location} ${f.pointer}: ${f.detail}`).join('; '), fields);
}

/** Maps any thrown value to a DomainError; unknown errors become INTERNAL (and are logged). */
export function toDomainError(error: unknown, request: FastifyRequest): DomainError {
  if (error instanceof DomainError) return error;
  const e = error as FastifyError;
  if (e?.validation) return fromValidation(e);
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('MALFORMED_JSON', e.message);
  }
  if (e instanceof SyntaxError && e.statusCode === 400) return new DomainError('MALFORMED_JSON', e.message);
  request.log.error({ err: error }, 'unexpected error');
  return new DomainError('INTERNAL');
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, publicBaseUrl: string, error: DomainError): FastifyReply {
  const entry = ERROR_CATALOGUE[error.code];
  const body: Problem = {
    type: problemTypeUri(publicBaseUrl, error.code),
    title: entry.title,
    status: entry.status,
    detail: error.message,
    code: error.code,
    instance: `urn:hoshi:request:${request.id}`,
    ...(error.fields.length ? { errors: error.fields } : {}),
    ...error.extra,
  };
  if (typeof error.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(error.extra.retryAfterSeconds));
  return reply.code(entry.status).type(PROBLEM_CONTENT_TYPE).send(body);
}
