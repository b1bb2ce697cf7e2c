/**
 * Routes that take a file (attachments, CSV model numbers, CSAF advisories) are registered in a
 * scope whose error handler turns the multipart parser's "file too large" into a plain 413 with
 * the limit named; the parser stops such a request before any handler runs, and nothing is stored.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ATTACHMENT_MAX_BYTES } from '../../../app/attachments/attachment-types.ts';
import { DomainError } from '../../../domain/errors.ts';

export async function uploadScope(app: FastifyInstance, routes: (scope: FastifyInstance) => void | Promise<void>): Promise<void> {
  await app.register(async (scope) => {
    // Thrown on, the error reaches the workspace's handler, which renders it as a page.
    scope.setErrorHandler(async (error: FastifyError) => {
      if (error.code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('PAYLOAD_TOO_LARGE', `A file may be at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB; nothing was stored`);
      throw error;
    });
    await routes(scope);
  });
}
