/** What vendors keep current after a label is issued: support period, update releases, security.txt. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { announceUpdate } from '../../app/security-info/product-updates.ts';
import { extendSupportPeriod } from '../../app/security-info/support-period.ts';
import { fileSecurityTxt, getSecurityTxt } from '../../app/security-info/vendor-security-txt.ts';
import { SECURITY_TXT_MAX_BYTES } from '../../domain/security-txt.ts';
import type { RouteDeps } from '../server.ts';
import { AUTHENTICATED, IdParam, Instant, IsoDate, Nullable, problems } from '../schemas.ts';

const security = AUTHENTICATED;
const tags = ['security information'];

const SecurityTxtIssue = Type.Object({
  line: Nullable(Type.Integer()),
  field: Nullable(Type.String()),
  severity: Type.String(),
  code: Type.String(),
  message: Type.String(),
});
const SecurityTxtViewSchema = Type.Object({
  vendorId: Type.String(),
  raw: Type.String(),
  updatedAt: Instant,
  report: Type.Object({
    ok: Type.Boolean(),
    expired: Type.Boolean(),
    fields: Type.Object({
      contact: Type.Array(Type.String()), expires: Nullable(Type.String()), encryption: Type.Array(Type.String()),
      acknowledgments: Type.Array(Type.String()), preferredLanguages: Type.Array(Type.String()), canonical: Type.Array(Type.String()),
      policy: Type.Array(Type.String()), hiring: Type.Array(Type.String()), csaf: Type.Array(Type.String()),
      other: Type.Array(Type.Object({ field: Type.String(), value: Type.String() })), signed: Type.Boolean(),
    }),
    issues: Type.Array(SecurityTxtIssue),
  }, { description: 'Checked now: a file that has expired since it was filed says so' }),
});

export const securityInfoRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  app.post('/api/v1/products/:id/support-period', {
    config: { permission: 'products:write' },
    schema: {
      tags,
      summary: 'Declare a later support period end (never earlier); every declaration is kept and shown',
      security,
      params: IdParam,
      body: Type.Object({ endsOn: IsoDate, note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))) }, { additionalProperties: false }),
      response: {
        200: Type.Object({ supportEndsOn: Type.String(), declarations: Type.Array(Type.Object({ endsOn: Type.String(), declaredAt: Instant, note: Nullable(Type.String()) })) }),
        ...problems(400, 401, 403, 404, 422),
      },
    },
  }, async (request) => extendSupportPeriod(ctx, request.actor!, request.params.id, request.body));

  app.post('/api/v1/products/:id/updates', {
    config: { permission: 'products:write' },
    schema: {
      tags,
      summary: 'Announce a released software update; it appears on the product page and in its timeline',
      security,
      params: IdParam,
      body: Type.Object({
        version: Type.String({ minLength: 1, maxLength: 100 }),
        releasedOn: IsoDate,
        notesJa: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
        notesEn: Type.Optional(Nullable(Type.String({ maxLength: 4000 }))),
        url: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.String() }), ...problems(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.code(201).send(await announceUpdate(ctx, request.actor!, request.params.id, request.body)));

  app.put('/api/v1/vendors/:id/security-txt', {
    config: { permission: 'products:write' },
    schema: {
      tags,
      summary: "File the vendor's security.txt (RFC 9116); refused with every problem listed unless Contact and a future Expires are present",
      security,
      params: IdParam,
      body: Type.Object({ text: Type.String({ minLength: 1, maxLength: SECURITY_TXT_MAX_BYTES }) }, { additionalProperties: false }),
      response: { 200: SecurityTxtViewSchema, ...problems(400, 401, 403, 404, 422) },
    },
  }, async (request) => fileSecurityTxt(ctx, request.actor!, request.params.id, request.body.text));

  app.get('/api/v1/vendors/:id/security-txt', {
    config: { permission: 'public' },
    schema: { tags, summary: "A vendor's security.txt as filed, checked now", params: IdParam, response: { 200: SecurityTxtViewSchema, ...problems(404) } },
  }, async (request) => getSecurityTxt(ctx, request.params.id));
};
