/** Applications: the vendor's draft → submit path and the reviewer's decisions. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createApplication } from '../../app/applications/create-application.ts';
import { getApplication, listApplications } from '../../app/applications/get-applications.ts';
import { acceptApplication, recordPayment, rejectApplication, returnApplication, withdrawApplication } from '../../app/applications/review-application.ts';
import { submitApplication } from '../../app/applications/submit-application.ts';
import { updateApplication } from '../../app/applications/update-application.ts';
import { issueLabel } from '../../app/labels/issue-label.ts';
import { APPLICATION_STATUSES } from '../../domain/application-status.ts';
import type { RouteDeps } from '../server.ts';
import {
  AUTHENTICATED,
  ApplicationCreateSchema,
  ApplicationPatchSchema,
  ApplicationSchema,
  ApplicationSummarySchema,
  CommentBody,
  Enum,
  IdParam,
  Line,
  Nullable,
  Prose,
  problems,
  ReasonBody,
} from '../schemas.ts';

const security = AUTHENTICATED;
const decision = (summary: string) => ({
  tags: ['applications'],
  summary,
  security,
  params: IdParam,
  response: { 200: ApplicationSchema, ...problems(400, 401, 403, 404, 409, 422) },
});

export const applicationRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/api/v1/applications', {
    config: { permission: 'applications:read' },
    schema: {
      tags: ['applications'],
      summary: 'List applications (vendors: their own; reviewers: all, e.g. ?status=submitted for the queue)',
      security,
      querystring: Type.Object(
        {
          status: Type.Optional(Enum(APPLICATION_STATUSES)),
          vendor: Type.Optional(Type.String({ format: 'uuid' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Array(ApplicationSummarySchema), ...problems(400, 401, 403) },
    },
  }, async (request) => listApplications(ctx, request.actor!, { status: request.query.status, vendorId: request.query.vendor, limit: request.query.limit }));

  app.post('/api/v1/applications', {
    config: { permission: 'applications:write' },
    schema: { tags: ['applications'], summary: 'Open a draft application (gets its application number)', security, body: ApplicationCreateSchema, response: { 201: ApplicationSchema, ...problems(400, 401, 403, 404, 409, 422) } },
  }, async (request, reply) => {
    const created = await createApplication(ctx, request.actor!, { ...request.body, route: request.body.route ?? 'standard' });
    return reply.code(201).send(created);
  });

  app.get('/api/v1/applications/:id', {
    config: { permission: 'applications:read' },
    schema: { tags: ['applications'], summary: 'One application with its model numbers, checklist and history', security, params: IdParam, response: { 200: ApplicationSchema, ...problems(401, 403, 404) } },
  }, async (request) => getApplication(ctx, request.actor!, request.params.id));

  app.patch('/api/v1/applications/:id', {
    config: { permission: 'applications:write' },
    schema: { ...decision('Edit a draft or returned application (model numbers, checklist)'), body: ApplicationPatchSchema },
  }, async (request) => updateApplication(ctx, request.actor!, request.params.id, request.body));

  app.post('/api/v1/applications/:id/submit', {
    config: { permission: 'applications:write' },
    schema: decision('Submit, or resubmit after a return; fails naming every missing checklist item'),
  }, async (request) => submitApplication(ctx, request.actor!, request.params.id));

  app.post('/api/v1/applications/:id/withdraw', {
    config: { permission: 'applications:withdraw' },
    schema: { ...decision('Withdraw before the fee is paid'), body: Type.Object({ reason: Type.Optional(Prose(2000)) }, { additionalProperties: false }) },
  }, async (request) => withdrawApplication(ctx, request.actor!, request.params.id, request.body?.reason));

  app.post('/api/v1/applications/:id/return', {
    config: { permission: 'applications:review' },
    schema: { ...decision('Return to the vendor with comments'), body: CommentBody },
  }, async (request) => returnApplication(ctx, request.actor!, request.params.id, request.body.comment));

  app.post('/api/v1/applications/:id/accept', {
    config: { permission: 'applications:review' },
    schema: { ...decision('Accept: assigns the acceptance number and the fee due'), body: Type.Object({ comment: Type.Optional(Prose(4000)) }, { additionalProperties: false }) },
  }, async (request) => acceptApplication(ctx, request.actor!, request.params.id, request.body?.comment));

  app.post('/api/v1/applications/:id/reject', {
    config: { permission: 'applications:review' },
    schema: { ...decision('Reject with a reason'), body: ReasonBody },
  }, async (request) => rejectApplication(ctx, request.actor!, request.params.id, request.body.reason));

  app.post('/api/v1/applications/:id/payment', {
    config: { permission: 'applications:review' },
    schema: { ...decision('Record the fee payment'), body: Type.Object({ reference: Line(200), paidAt: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }), },
  }, async (request) =>
    recordPayment(ctx, request.actor!, request.params.id, { reference: request.body.reference, ...(request.body.paidAt && { paidAt: new Date(request.body.paidAt) }) }),
  );

  app.post('/api/v1/applications/:id/issue', {
    config: { permission: 'applications:review' },
    schema: { ...decision('Issue the label (new registration number, or the renewed label extended)'), body: Type.Object({ validUntil: Type.Optional(Nullable(Type.String({ format: 'date-time' }))) }, { additionalProperties: false }), },
  }, async (request) => {
    const validUntil = request.body?.validUntil;
    return issueLabel(ctx, request.actor!, request.params.id, validUntil ? { validUntil: new Date(validUntil) } : {});
  });
};
