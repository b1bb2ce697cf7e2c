/**
 * Subscriptions for anyone: create (double opt-in by e-mail), confirm, unsubscribe; webhook owners
 * manage theirs with the token shown once (header `Subscription-Token`).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { endWebhook, getWebhookSubscription, redeliverWebhook, reenableWebhook } from '../../app/subscriptions/manage-webhook.ts';
import { confirmSubscription, subscribe, unsubscribe } from '../../app/subscriptions/subscriptions.ts';
import { SUBSCRIBABLE_EVENT_TYPES } from '../../app/security-info/notification-events.ts';
import type { RouteDeps } from '../server.ts';
import { Enum, Instant, Nullable, problems } from '../schemas.ts';

const tags = ['subscriptions'];
/** Tokens are base64url with a short prefix: letters, digits, `_` and `-` only. */
const Token = Type.String({ minLength: 10, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' });
const ManageHeaders = Type.Object({ 'subscription-token': Type.String({ minLength: 10, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', description: 'The management token returned once when the webhook subscription was created' }) });
const SubscriptionParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const SubscriptionSchema = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  status: Type.String({ description: 'pending (until the e-mail is confirmed), active, disabled (webhook kept failing) or unsubscribed' }),
  scope: Type.Object({ type: Type.String(), id: Nullable(Type.String()) }),
  events: Type.Array(Type.String()),
  url: Nullable(Type.String()),
  createdAt: Instant,
  confirmedAt: Nullable(Type.String()),
  disabledAt: Nullable(Type.String()),
  disabledReason: Nullable(Type.String()),
});

const DeliverySchema = Type.Object({
  id: Type.String({ description: 'Also the `webhook-id` header of every attempt' }),
  eventType: Type.String(),
  occurredAt: Type.String(),
  status: Type.String({ description: 'pending, delivered, failed (gave up) or cancelled' }),
  attempts: Type.Array(Type.Object({ at: Type.String(), durationMs: Type.Integer(), statusCode: Nullable(Type.Integer()), error: Nullable(Type.String()), responseSnippet: Nullable(Type.String()) })),
  nextAttemptAt: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String()),
});

export const subscriptionRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  app.post('/api/v1/subscriptions', {
    config: { permission: 'public' },
    schema: {
      tags,
      summary: 'Subscribe by e-mail or webhook to a product, a vendor or everything; a confirmation e-mail is sent first',
      description: 'Nothing is delivered until the link in the confirmation e-mail is opened. Webhooks: the response carries the signing secret (Standard Webhooks) and a management token, shown only here.',
      body: Type.Object({
        channel: Enum(['email', 'webhook'] as const),
        email: Type.String({ maxLength: 320, description: 'The subscriber (e-mail) or the owner to confirm and to notify (webhook)' }),
        url: Type.Optional(Type.String({ maxLength: 2000, description: 'Webhook endpoint (https)' })),
        scope: Type.Union([
          Type.Object({ type: Type.Literal('all') }, { additionalProperties: false }),
          Type.Object({ type: Type.Literal('vendor'), vendorId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
          Type.Object({ type: Type.Literal('product'), registrationNumber: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
        ]),
        events: Type.Array(Enum(SUBSCRIBABLE_EVENT_TYPES), { minItems: 1, maxItems: SUBSCRIBABLE_EVENT_TYPES.length }),
        locale: Type.Optional(Enum(['ja', 'en'] as const)),
      }, { additionalProperties: false }),
      response: {
        201: Type.Object({ subscription: SubscriptionSchema, secret: Type.Optional(Type.String()), manageToken: Type.Optional(Type.String()) }),
        ...problems(400, 413, 415, 422, 429),
      },
    },
  }, async (request, reply) => reply.code(201).send(await subscribe(ctx, request.body)));

  app.post('/api/v1/subscriptions/confirm', {
    config: { permission: 'public' },
    schema: { tags, summary: 'Confirm a subscription with the token from the confirmation e-mail', body: Type.Object({ token: Token }, { additionalProperties: false }), response: { 200: SubscriptionSchema, ...problems(400, 404) } },
  }, async (request) => confirmSubscription(ctx, request.body.token));

  app.post('/api/v1/subscriptions/unsubscribe', {
    config: { permission: 'public' },
    schema: { tags, summary: 'End a subscription with the token from any notification e-mail', body: Type.Object({ token: Token }, { additionalProperties: false }), response: { 200: SubscriptionSchema, ...problems(400, 404) } },
  }, async (request) => unsubscribe(ctx, request.body.token));

  app.get('/api/v1/subscriptions/:id', {
    config: { permission: 'public' },
    schema: {
      tags, summary: 'A webhook subscription with its 50 latest deliveries and every attempt', headers: ManageHeaders, params: SubscriptionParams,
      response: { 200: Type.Intersect([SubscriptionSchema, Type.Object({ consecutiveFailures: Type.Integer(), deliveries: Type.Array(DeliverySchema) })]), ...problems(400, 404) },
    },
  }, async (request) => getWebhookSubscription(ctx, request.params.id, request.headers['subscription-token']));

  app.post('/api/v1/subscriptions/:id/deliveries/:deliveryId/redeliver', {
    config: { permission: 'public' },
    schema: {
      tags, summary: 'Deliver an event again (same webhook-id, so receivers can de-duplicate)', headers: ManageHeaders,
      params: Type.Object({ id: Type.String({ format: 'uuid' }), deliveryId: Type.String({ format: 'uuid' }) }),
      response: { 202: Type.Object({ id: Type.String(), status: Type.String(), nextAttemptAt: Type.String() }), ...problems(400, 404, 409) },
    },
  }, async (request, reply) => reply.code(202).send(await redeliverWebhook(ctx, request.params.id, request.headers['subscription-token'], request.params.deliveryId)));

  app.post('/api/v1/subscriptions/:id/enable', {
    config: { permission: 'public' },
    schema: { tags, summary: 'Re-enable a webhook subscription that was disabled after failures', headers: ManageHeaders, params: SubscriptionParams, response: { 200: SubscriptionSchema, ...problems(400, 404, 409) } },
  }, async (request) => reenableWebhook(ctx, request.params.id, request.headers['subscription-token']));

  app.delete('/api/v1/subscriptions/:id', {
    config: { permission: 'public' },
    schema: { tags, summary: 'End a webhook subscription', headers: ManageHeaders, params: SubscriptionParams, response: { 200: SubscriptionSchema, ...problems(400, 404) } },
  }, async (request) => endWebhook(ctx, request.params.id, request.headers['subscription-token']));
};
