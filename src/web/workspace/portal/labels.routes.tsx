/**
 * The vendor's labels (/portal/labels): renewal (createApplication, route `renewal`, which starts
 * from the label's model numbers and last checklist) and the security information of the label's
 * product with the existing use cases: support period extension, update announcements, and the
 * contact and policy URLs (product fields).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createApplication } from '../../../app/applications/create-application.ts';
import { getVendorLabel, listVendorLabels } from '../../../app/applications/label-renewals.ts';
import { getProduct } from '../../../app/products/get-products.ts';
import { updateProduct } from '../../../app/products/update-product.ts';
import { announceUpdate } from '../../../app/security-info/product-updates.ts';
import { loadSecurityInformation } from '../../../app/security-info/security-information.ts';
import { extendSupportPeriod } from '../../../app/security-info/support-period.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { ProductPatchSchema } from '../../schemas.ts';
import type { WorkspaceDeps } from '../workspace.ts';
import { applicationPath } from './application-steps.ts';
import { schemaErrors } from './form-check.ts';
import { actorOf, doneKey, errorsOf, field, hidden, idParam, isFormError, portalPage, sendPortal, statusOf } from './kit.tsx';
import { LabelMain, LabelsMain, type LabelForms } from './labels-view.tsx';
import { portalLabelPath } from './renewal-cell.tsx';

export async function labelRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const apply = { ...hidden, config: { permission: 'applications:write' as const } };
  const maintain = { ...hidden, config: { permission: 'products:write' as const } };
  const rnOf = (request: FastifyRequest) => idParam(request, 'registrationNumber');

  app.get('/portal/labels', apply, async (request, reply) => {
    const [labels, page] = await Promise.all([listVendorLabels(ctx, actorOf(request)), portalPage(request, reply, deps)]);
    return sendPortal(request, reply, deps, page, page.m.labels.title, LabelsMain({ page, labels }));
  });

  const show = async (request: FastifyRequest, reply: FastifyReply, forms: LabelForms, errors: FieldError[], status = 200) => {
    const actor = actorOf(request);
    const label = await getVendorLabel(ctx, actor, rnOf(request));
    const [product, page] = await Promise.all([getProduct(ctx, actor, label.productId), portalPage(request, reply, deps)]);
    const security = await loadSecurityInformation(ctx, ctx.db, { id: product.id, vendorId: product.vendorId }, { status: label.status, expiresAt: label.expiresAt }, ctx.clock.now());
    const t = page.m.labels;
    const done = { extended: t.extended, announced: t.announced, contact: t.contactSaved }[doneKey(request) ?? ''];
    return sendPortal(request, reply, deps, page, t.detailTitle(label.registrationNumber), LabelMain({ page, data: { label, product, security }, forms, errors, done }), status);
  };

  app.get('/portal/labels/:registrationNumber', apply, (request, reply) => show(request, reply, {}, []));

  /** Runs a change of the label's product; on a form error shows the page with the input kept. */
  const change = async (request: FastifyRequest, reply: FastifyReply, forms: LabelForms, done: string, run: (productId: string) => Promise<unknown>) => {
    const label = await getVendorLabel(ctx, actorOf(request), rnOf(request));
    try {
      await run(label.productId);
      return reply.redirect(`${portalLabelPath(label.registrationNumber)}?done=${done}`, 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return show(request, reply, forms, errorsOf(error), statusOf(error));
    }
  };

  app.post('/portal/labels/:registrationNumber/renew', apply, async (request, reply) => {
    const label = await getVendorLabel(ctx, actorOf(request), rnOf(request));
    try {
      const renewal = await createApplication(ctx, actorOf(request), { level: label.level, route: 'renewal', renewsRegistrationNumber: label.registrationNumber });
      return reply.redirect(`${applicationPath(renewal.id)}?done=renewal`, 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return show(request, reply, {}, errorsOf(error), statusOf(error));
    }
  });

  app.post('/portal/labels/:registrationNumber/support-period', maintain, async (request, reply) => {
    const support = { endsOn: field(request.body, 'endsOn'), note: field(request.body, 'note') };
    return change(request, reply, { support }, 'extended', (productId) => extendSupportPeriod(ctx, actorOf(request), productId, { endsOn: support.endsOn, note: support.note || null }));
  });

  app.post('/portal/labels/:registrationNumber/updates', maintain, async (request, reply) => {
    const update = { version: field(request.body, 'version'), releasedOn: field(request.body, 'releasedOn'), notesJa: field(request.body, 'notesJa'), notesEn: field(request.body, 'notesEn'), url: field(request.body, 'url') };
    return change(request, reply, { update }, 'announced', (productId) => announceUpdate(ctx, actorOf(request), productId, {
      version: update.version, releasedOn: update.releasedOn, notesJa: update.notesJa || null, notesEn: update.notesEn || null, url: update.url || null,
    }));
  });

  app.post('/portal/labels/:registrationNumber/contact', maintain, async (request, reply) => {
    const contact = { vulnerabilityContact: field(request.body, 'vulnerabilityContact'), disclosurePolicyUrl: field(request.body, 'disclosurePolicyUrl') };
    const patch = { vulnerabilityContact: contact.vulnerabilityContact || null, disclosurePolicyUrl: contact.disclosurePolicyUrl || null };
    const invalid = schemaErrors(ProductPatchSchema, patch);
    if (invalid.length) {
      await getVendorLabel(ctx, actorOf(request), rnOf(request));
      return show(request, reply, { contact }, invalid, 400);
    }
    return change(request, reply, { contact }, 'contact', (productId) => updateProduct(ctx, actorOf(request), productId, patch));
  });
}
