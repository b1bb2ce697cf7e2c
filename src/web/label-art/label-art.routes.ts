/** Label artwork: SVG and PNG with the level, registration number and QR code. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../server.ts';

export const labelArtRoutes = (_deps: RouteDeps): FastifyPluginAsyncTypebox => async () => {};
