/** A vendor's products and their model numbers. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createProduct } from '../../app/products/create-product.ts';
import { getProduct, listProducts } from '../../app/products/get-products.ts';
import { updateProduct } from '../../app/products/update-product.ts';
import type { RouteDeps } from '../server.ts';
import { AUTHENTICATED, IdParam, ProductInputSchema, ProductPatchSchema, ProductSchema, problems } from '../schemas.ts';

const security = AUTHENTICATED;

export const productRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/api/v1/products', {
    config: { permission: 'products:read' },
    schema: {
      tags: ['products'],
      summary: "List products (a vendor sees its own; operators may filter by vendor)",
      security,
      querystring: Type.Object({ vendor: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false }),
      response: { 200: Type.Array(ProductSchema), ...problems(401, 403) },
    },
  }, async (request) => listProducts(ctx, request.actor!, { vendorId: request.query.vendor }));

  app.post('/api/v1/products', {
    config: { permission: 'products:write' },
    schema: { tags: ['products'], summary: 'Add a product with its model numbers', security, body: ProductInputSchema, response: { 201: ProductSchema, ...problems(400, 401, 403, 409, 413) } },
  }, async (request, reply) => reply.code(201).send(await createProduct(ctx, request.actor!, request.body)));

  app.get('/api/v1/products/:id', {
    config: { permission: 'products:read' },
    schema: { tags: ['products'], summary: 'One product', security, params: IdParam, response: { 200: ProductSchema, ...problems(401, 403, 404) } },
  }, async (request) => getProduct(ctx, request.actor!, request.params.id));

  app.patch('/api/v1/products/:id', {
    config: { permission: 'products:write' },
    schema: { tags: ['products'], summary: 'Change product fields (model numbers are replaced as a whole)', security, params: IdParam, body: ProductPatchSchema, response: { 200: ProductSchema, ...problems(400, 401, 403, 404, 409, 413) } },
  }, async (request) => updateProduct(ctx, request.actor!, request.params.id, request.body));
};
