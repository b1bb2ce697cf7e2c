/** Server-rendered public pages (search, product page behind the QR code, statistics). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../server.ts';

export const pageRoutes = (_deps: RouteDeps): FastifyPluginAsyncTypebox => async () => {};
