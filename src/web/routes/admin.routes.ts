/** Organisations, users and the audit trail. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listAuditEvents } from '../../app/audit-log.ts';
import { createUser } from '../../app/users/create-user.ts';
import { createVendor } from '../../app/vendors/create-vendor.ts';
import { getVendor, listVendors } from '../../app/vendors/list-vendors.ts';
import type { RouteDeps } from '../server.ts';
import { AUTHENTICATED, IdParam, problems, UserInputSchema, UserSchema, VendorInputSchema, VendorSchema } from '../schemas.ts';

const security = AUTHENTICATED;

export const adminRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/api/v1/vendors', {
    config: { permission: 'vendors:read' },
    schema: { tags: ['vendors'], summary: 'Vendor organisations (a vendor user sees its own)', security, response: { 200: Type.Array(VendorSchema), ...problems(401, 403) } },
  }, async (request) => listVendors(ctx, request.actor!));

  app.get('/api/v1/vendors/:id', {
    config: { permission: 'vendors:read' },
    schema: { tags: ['vendors'], summary: 'One vendor organisation', security, params: IdParam, response: { 200: VendorSchema, ...problems(401, 403, 404) } },
  }, async (request) => getVendor(ctx, request.actor!, request.params.id));

  app.post('/api/v1/vendors', {
    config: { permission: 'vendors:manage' },
    schema: { tags: ['vendors'], summary: 'Register a vendor organisation', security, body: VendorInputSchema, response: { 201: VendorSchema, ...problems(400, 401, 403, 409) } },
  }, async (request, reply) => reply.code(201).send(await createVendor(ctx, request.actor!, request.body)));

  app.post('/api/v1/users', {
    config: { permission: 'users:manage' },
    schema: { tags: ['users'], summary: 'Create a user (vendor admins: in their own vendor)', security, body: UserInputSchema, response: { 201: UserSchema, ...problems(400, 401, 403, 409, 422) } },
  }, async (request, reply) => reply.code(201).send(await createUser(ctx, request.actor!, request.body)));

  app.get('/api/v1/audit-events', {
    config: { permission: 'audit:read' },
    schema: {
      tags: ['audit'],
      summary: 'Audit events, newest first, optionally for one entity',
      security,
      querystring: Type.Object(
        { entityType: Type.Optional(Type.String({ maxLength: 40 })), entityId: Type.Optional(Type.String({ maxLength: 100 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Array(Type.Object({}, { additionalProperties: true })), ...problems(401, 403) },
    },
  }, async (request) => listAuditEvents(ctx, request.actor!, request.query));
};
