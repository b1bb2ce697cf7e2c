/** UK PSTI: listing requests for issued ★1 labels, the reviewer's decisions, and the public list. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  approvePstiListing,
  getPstiListing,
  listPstiListings,
  rejectPstiListing,
  requestPstiListing,
} from '../../app/recognition/psti-listings.ts';
import type { RouteDeps } from '../server.ts';
import { AUTHENTICATED, problems, PstiListingRequestSchema, PstiListingSchema, PublicPstiListingsSchema, ReasonBody, RegistrationNumberParam } from '../schemas.ts';

const security = AUTHENTICATED;
const tags = ['psti'];

export const pstiRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/api/v1/psti/listings', {
    config: { permission: 'public' },
    schema: {
      tags,
      summary: 'The PSTI-declared products list: approved listings, newest first, with each label\'s status now',
      response: { 200: PublicPstiListingsSchema },
    },
  }, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    return { items: await listPstiListings(ctx) };
  });

  app.get('/api/v1/labels/:registrationNumber/psti-listing', {
    config: { permission: 'applications:read' },
    schema: { tags, summary: 'The latest PSTI listing request of a label', security, params: RegistrationNumberParam, response: { 200: PstiListingSchema, ...problems(401, 403, 404) } },
  }, async (request) => getPstiListing(ctx, request.actor!, request.params.registrationNumber));

  app.post('/api/v1/labels/:registrationNumber/psti-listing', {
    config: { permission: 'applications:write' },
    schema: {
      tags,
      summary: 'Ask for a valid ★1 label to be listed on the PSTI-declared products list (English product information)',
      description: 'The product must carry a vulnerability-report contact, a disclosure policy URL and a support period end date; each missing one is named in `errors`.',
      security,
      params: RegistrationNumberParam,
      body: PstiListingRequestSchema,
      response: { 201: PstiListingSchema, ...problems(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => reply.code(201).send(await requestPstiListing(ctx, request.actor!, request.params.registrationNumber, request.body)));

  app.post('/api/v1/labels/:registrationNumber/psti-listing/approve', {
    config: { permission: 'applications:review' },
    schema: {
      tags,
      summary: 'Approve the pending PSTI listing request',
      security,
      params: RegistrationNumberParam,
      body: Type.Optional(Type.Object({}, { additionalProperties: false })),
      response: { 200: PstiListingSchema, ...problems(400, 401, 403, 404, 409) },
    },
  }, async (request) => approvePstiListing(ctx, request.actor!, request.params.registrationNumber));

  app.post('/api/v1/labels/:registrationNumber/psti-listing/reject', {
    config: { permission: 'applications:review' },
    schema: { tags, summary: 'Reject the pending PSTI listing request with a reason', security, params: RegistrationNumberParam, body: ReasonBody, response: { 200: PstiListingSchema, ...problems(400, 401, 403, 404, 409) } },
  }, async (request) => rejectPstiListing(ctx, request.actor!, request.params.registrationNumber, request.body.reason));
};
