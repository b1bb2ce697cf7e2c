/**
 * Products in the portal: list, add, edit, through the same use cases as /api/v1/products. The
 * form is checked against the API's ProductInputSchema first; model numbers are read one per line
 * and a bad line is reported by its line number.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { readModelNumberLines } from '../../../app/applications/model-number-csv.ts';
import { createProduct } from '../../../app/products/create-product.ts';
import { getProduct, listProducts } from '../../../app/products/get-products.ts';
import type { ProductFields } from '../../../app/products/product-fields.ts';
import type { ProductView } from '../../../app/products/product-view.ts';
import { updateProduct } from '../../../app/products/update-product.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { ProductInputSchema } from '../../schemas.ts';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { schemaErrors } from './form-check.ts';
import { actorOf, doneKey, errorsOf, hidden, idParam, isFormError, lines, portalPage, sendPortal, statusOf } from './kit.tsx';
import { productForm, ProductFormMain, ProductsMain, type ProductForm } from './products-view.tsx';

const productPath = (id: string) => `/portal/products/${encodeURIComponent(id)}`;

function readForm(body: unknown): ProductForm {
  const get = (name: keyof ProductForm) => formValue(body, name) ?? '';
  return {
    nameJa: get('nameJa').trim(),
    nameEn: get('nameEn').trim(),
    category: get('category').trim(),
    descriptionJa: get('descriptionJa').trim(),
    descriptionEn: get('descriptionEn').trim(),
    productUrl: get('productUrl').trim(),
    softwareVersions: get('softwareVersions'),
    supportEndsOn: get('supportEndsOn').trim(),
    vulnerabilityContact: get('vulnerabilityContact').trim(),
    disclosurePolicyUrl: get('disclosurePolicyUrl').trim(),
    modelNumbers: get('modelNumbers'),
  };
}

/** The use case's input, or the errors that stop it (the API's schema, model numbers by line). */
function toFields(form: ProductForm): { fields: ProductFields; errors: FieldError[] } {
  const models = readModelNumberLines(form.modelNumbers);
  const fields: ProductFields = {
    nameJa: form.nameJa,
    nameEn: form.nameEn,
    category: form.category,
    descriptionJa: form.descriptionJa || null,
    descriptionEn: form.descriptionEn || null,
    productUrl: form.productUrl || null,
    softwareVersions: lines(form.softwareVersions),
    supportEndsOn: form.supportEndsOn || null,
    vulnerabilityContact: form.vulnerabilityContact || null,
    disclosurePolicyUrl: form.disclosurePolicyUrl || null,
    modelNumbers: models.values,
  };
  const errors = schemaErrors(ProductInputSchema, { ...fields, modelNumbers: models.problems.length ? ['-'] : models.values });
  errors.push(...models.problems.map((p) => ({ pointer: '/modelNumbers', detail: p.row ? `${p.row}: ${p.detail}` : p.detail })));
  return { fields, errors };
}

export async function productRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const write = { ...hidden, config: { permission: 'products:write' as const } };
  const categories = ctx.catalog.jcStar.categories.map((c) => ({ id: c.id, name: { ja: c.name.ja, en: c.name.en } }));

  app.get('/portal/products', write, async (request, reply) => {
    const [products, page] = await Promise.all([listProducts(ctx, actorOf(request)), portalPage(request, reply, deps)]);
    return sendPortal(request, reply, deps, page, page.m.products.title, ProductsMain({ page, products, categories }));
  });

  const showForm = async (request: FastifyRequest, reply: FastifyReply, state: { product: ProductView | null; form: ProductForm; errors: FieldError[]; status?: number }) => {
    const page = await portalPage(request, reply, deps);
    const t = page.m.products;
    const title = state.product ? t.editTitle(state.product.name[page.view.lang]) : t.newTitle;
    const done = { created: t.created, saved: page.view.shell.saved }[doneKey(request) ?? ''];
    return sendPortal(request, reply, deps, page, title, ProductFormMain({
      page, title, action: state.product ? productPath(state.product.id) : '/portal/products', form: state.form, categories, errors: state.errors, done,
    }), state.status ?? 200);
  };

  app.get('/portal/products/new', write, (request, reply) => showForm(request, reply, { product: null, form: productForm(null), errors: [] }));

  app.post('/portal/products', write, async (request, reply) => {
    const form = readForm(request.body);
    const { fields, errors } = toFields(form);
    if (errors.length) return showForm(request, reply, { product: null, form, errors, status: 400 });
    try {
      const created = await createProduct(ctx, actorOf(request), fields);
      return reply.redirect(`${productPath(created.id)}?done=created`, 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return showForm(request, reply, { product: null, form, errors: errorsOf(error), status: statusOf(error) });
    }
  });

  app.get('/portal/products/:id', write, async (request, reply) => {
    const product = await getProduct(ctx, actorOf(request), idParam(request));
    return showForm(request, reply, { product, form: productForm(product), errors: [] });
  });

  app.post('/portal/products/:id', write, async (request, reply) => {
    const product = await getProduct(ctx, actorOf(request), idParam(request));
    const form = readForm(request.body);
    const { fields, errors } = toFields(form);
    if (errors.length) return showForm(request, reply, { product, form, errors, status: 400 });
    try {
      await updateProduct(ctx, actorOf(request), product.id, fields);
      return reply.redirect(`${productPath(product.id)}?done=saved`, 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return showForm(request, reply, { product, form, errors: errorsOf(error), status: statusOf(error) });
    }
  });
}
