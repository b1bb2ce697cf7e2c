/** Mutual recognition: does a label count for another scheme at a date, and why. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { checkRecognition } from '../../app/recognition/check-recognition.ts';
import { validationError } from '../../domain/errors.ts';
import { startOfJstDate, isValidIsoDate } from '../../domain/time.ts';
import type { RouteDeps } from '../server.ts';
import { problems } from '../schemas.ts';

/** `at` as an instant, or a date meaning that whole JST day (checked at its last millisecond). */
function parseAt(value: string | undefined, now: Date): Date {
  if (!value) return now;
  if (isValidIsoDate(value)) return new Date(startOfJstDate(value).getTime() + 86_400_000 - 1);
  const instant = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(instant.getTime())) {
    throw validationError([{ pointer: '/at', detail: 'must be a date (YYYY-MM-DD, JST) or a date-time', location: 'query' } as never]);
  }
  return instant;
}

export const recognitionRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/api/v1/labels/:registrationNumber/recognitions/:scheme', {
    config: { permission: 'public' },
    schema: {
      tags: ['recognition'],
      summary: 'Whether the label counts under another scheme (e.g. uk-psti) at a date, with the reasons',
      description: 'For UK PSTI: a JC-STAR ★1 label counts when it is current at the time of supply (SI 2025/1267). `at` is a date (the whole JST day, checked at its end) or an instant; default now.',
      params: Type.Object({ registrationNumber: Type.String({ maxLength: 40 }), scheme: Type.String({ maxLength: 40, pattern: '^[a-z0-9-]+$' }) }),
      querystring: Type.Object({ at: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          registrationNumber: Type.String(),
          targetScheme: Type.String(),
          at: Type.String(),
          date: Type.String(),
          recognised: Type.Boolean(),
          reasons: Type.Array(Type.String()),
          label: Type.Object({ level: Type.Integer(), criteria: Type.String(), status: Type.Union([Type.String(), Type.Null()]), expiresAt: Type.Union([Type.String(), Type.Null()]) }),
          rule: Type.Union([
            Type.Null(),
            Type.Object({
              id: Type.String(),
              title: Type.String(),
              agreement: Type.String(),
              legalBasis: Type.Union([Type.String(), Type.Null()]),
              status: Type.String(),
              requirementsMet: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
              conditions: Type.Array(Type.Object({ id: Type.String(), text: Type.String() })),
            }),
          ]),
          url: Type.String(),
        }),
        ...problems(400, 404),
      },
    },
  }, async (request, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    return checkRecognition(ctx, request.params.registrationNumber, request.params.scheme, parseAt(request.query.at, ctx.clock.now()));
  });
};
