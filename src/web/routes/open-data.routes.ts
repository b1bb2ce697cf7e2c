/** Open data: bulk exports, the Atom feed and the change feed. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteDeps } from '../server.ts';

export const openDataRoutes = (_deps: RouteDeps): FastifyPluginAsyncTypebox => async () => {};
