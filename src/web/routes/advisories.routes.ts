/**
 * CSAF 2.0 advisories: a vendor uploads its advisory (the CSAF JSON itself is the body) and reads
 * back the import report, the findings per product and the stored document. The findings reach
 * the public through the product pages, not through these routes.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FINDING_STATUSES } from '../../app/advisories/csaf-findings.ts';
import { importAdvisory } from '../../app/advisories/import-advisory.ts';
import { ADVISORY_LIST_MAX, getAdvisory, getAdvisoryDocument, listAdvisories } from '../../app/advisories/list-advisories.ts';
import type { RouteDeps } from '../server.ts';
import { AUTHENTICATED, Enum, IdParam, Nullable, problems } from '../schemas.ts';

const security = AUTHENTICATED;
const tags = ['advisories'];
const Instant = Type.String({ format: 'date-time' });

const FindingCounts = Type.Object(
  Object.fromEntries(FINDING_STATUSES.map((s) => [s, Type.Integer({ minimum: 0 })])) as Record<(typeof FINDING_STATUSES)[number], ReturnType<typeof Type.Integer>>,
  { description: 'Number of findings (vulnerability × registered product) per status' },
);
const MatchedBy = Enum(['product_id', 'model_number', 'sku', 'product_name'] as const);
const MatchReport = {
  matched: Type.Array(Type.Object({ csafProductId: Type.String(), name: Type.String(), productId: Type.String(), matchedBy: MatchedBy }), {
    description: 'CSAF products that stand for a registered product of the vendor (one entry per pair)',
  }),
  unmatched: Type.Array(Type.Object({ csafProductId: Type.String(), name: Type.String() }), { description: 'CSAF products that match none of the vendor\'s products' }),
  recommended: Type.Array(Type.Object({ cve: Nullable(Type.String()), csafProductId: Type.String() }), {
    description: 'Products the document lists under `recommended`: noted, not a status',
  }),
};
const AdvisorySummary = {
  id: Type.String(),
  vendorId: Type.String(),
  trackingId: Type.String(),
  revision: Type.String({ description: 'document.tracking.version' }),
  title: Type.String(),
  publisherName: Type.String(),
  initialReleaseDate: Instant,
  currentReleaseDate: Instant,
  documentSha256: Type.String({ description: 'SHA-256 (hex) of the stored canonical JSON (RFC 8785) of the document' }),
  importedAt: Instant,
};
const Cvss = Nullable(Type.Object({ version: Type.String(), baseScore: Type.Number(), severity: Nullable(Type.String()), vector: Type.String() }));
const Remediation = Type.Object({ category: Type.String(), details: Type.String(), url: Nullable(Type.String()) });

const ImportReportSchema = Type.Object({
  advisory: Type.Object({ id: Type.String(), trackingId: Type.String(), revision: Type.String(), title: Type.String(), currentReleaseDate: Instant }),
  previousRevision: Nullable(Type.String({ description: 'The revision this import replaced; null for a new advisory' })),
  ...MatchReport,
  findings: FindingCounts,
});

const AdvisoryListSchema = Type.Object({ items: Type.Array(Type.Object({ ...AdvisorySummary, findings: FindingCounts })) });

const AdvisoryDetailSchema = Type.Object({
  advisory: Type.Object(AdvisorySummary),
  ...MatchReport,
  findings: FindingCounts,
  productFindings: Type.Array(
    Type.Object({
      productId: Type.String(),
      productName: Type.Object({ ja: Type.String(), en: Type.String() }),
      cve: Nullable(Type.String()),
      title: Nullable(Type.String()),
      status: Enum(FINDING_STATUSES),
      justification: Nullable(Type.String({ description: 'VEX justification (CSAF flag label) of a known_not_affected finding' })),
      impactStatement: Nullable(Type.String()),
      cvss: Cvss,
      remediations: Type.Array(Remediation),
      csafProducts: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), status: Enum(FINDING_STATUSES), matchedBy: MatchedBy })),
      firstSeenAt: Instant,
    }),
  ),
});

const CsafDocumentBody = Type.Object({}, {
  additionalProperties: true,
  description: 'A CSAF 2.0 document (JSON). It must pass the CSAF 2.0 schema and every mandatory test (section 6.1).',
});

/** CSAF 2.0 section 5.1: the file name is the tracking id, lower case, with other characters as `_`. */
const csafFileName = (trackingId: string) => `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;

export const advisoryRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  app.post('/api/v1/advisories', {
    config: { permission: 'products:write' },
    schema: {
      tags,
      summary: 'Import a CSAF 2.0 advisory (or a newer revision of one) for your products',
      description:
        'The body is the CSAF document. Its products are matched to your products by product id, model number or SKU, and product name; ' +
        'one finding is stored per vulnerability and matched product. A document with a stored tracking id replaces it when its ' +
        '`current_release_date` is not older. `vendorId`: vendor users may only name their own vendor.',
      security,
      querystring: Type.Object({ vendorId: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false }),
      body: CsafDocumentBody,
      response: { 201: ImportReportSchema, ...problems(400, 401, 403, 404, 409, 413, 415, 422) },
    },
  }, async (request, reply) =>
    reply.code(201).send(await importAdvisory(ctx, request.actor!, { document: request.body, ...(request.query.vendorId && { vendorId: request.query.vendorId }) })));

  app.get('/api/v1/advisories', {
    config: { permission: 'products:read' },
    schema: {
      tags,
      summary: 'Imported advisories, newest release first (a vendor sees its own; operators see all or filter by vendor)',
      security,
      querystring: Type.Object(
        {
          vendorId: Type.Optional(Type.String({ format: 'uuid' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: ADVISORY_LIST_MAX, default: ADVISORY_LIST_MAX })),
        },
        { additionalProperties: false },
      ),
      response: { 200: AdvisoryListSchema, ...problems(400, 401, 403) },
    },
  }, async (request) => ({ items: await listAdvisories(ctx, request.actor!, request.query) }));

  app.get('/api/v1/advisories/:id', {
    config: { permission: 'products:read' },
    schema: { tags, summary: 'One advisory: the import report and every finding', security, params: IdParam, response: { 200: AdvisoryDetailSchema, ...problems(400, 401, 403, 404) } },
  }, async (request) => getAdvisory(ctx, request.actor!, request.params.id));

  app.get('/api/v1/advisories/:id/csaf', {
    config: { permission: 'products:read' },
    schema: {
      tags,
      summary: 'The stored CSAF document (canonical JSON, RFC 8785; its SHA-256 is the ETag)',
      security,
      params: IdParam,
      response: { 200: Type.Object({}, { additionalProperties: true, description: 'The CSAF 2.0 document' }), ...problems(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const stored = await getAdvisoryDocument(ctx, request.actor!, request.params.id);
    return reply
      .type('application/json')
      .header('etag', `"${stored.sha256}"`)
      .header('content-disposition', `inline; filename="${csafFileName(stored.trackingId)}"`)
      .send(Buffer.from(stored.json, 'utf8'));
  });
};
