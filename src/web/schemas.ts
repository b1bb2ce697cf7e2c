/** Request and response schemas (TypeBox → JSON Schema → validation and OpenAPI). */
import { Type, type TSchema } from '@sinclair/typebox';
import { APPLICATION_ROUTES, APPLICATION_STATUSES } from '../domain/application-status.ts';
import { CHECKLIST_ANSWERS } from '../domain/checklist.ts';
import { LABEL_STATUSES } from '../domain/label-status.ts';
import { LABEL_SORTS } from '../app/labels/list-public-labels.ts';
import { ROLES } from '../domain/roles.ts';

const NO_CONTROL = '^[^\\p{Cc}\\p{Cf}]*$';
const NO_CONTROL_MULTILINE = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\p{Cf}]*$';

/** One line of text without control characters. */
export const Line = (maxLength: number, options: Record<string, unknown> = {}) =>
  Type.String({ minLength: 1, maxLength, pattern: NO_CONTROL, ...options });
/** Free text; newlines and tabs allowed, other control characters not. */
export const Prose = (maxLength: number) => Type.String({ maxLength, pattern: NO_CONTROL_MULTILINE });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** A string enum with a precise static type (JSON Schema `enum`). */
export const Enum = <T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
const Localized = Type.Object({ ja: Type.String(), en: Type.String() });
const LocalizedNullable = Type.Object({ ja: Nullable(Type.String()), en: Nullable(Type.String()) });
export const Instant = Type.String({ format: 'date-time' });
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (JST)' });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), detail: Type.String(), location: Type.Optional(Type.String()) }))),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

/** Standard error responses for the OpenAPI document. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { ...ProblemSchema, description: 'Problem details (application/problem+json)' }]));

export const RegistrationNumberParam = Type.Object({
  registrationNumber: Type.String({ maxLength: 40, description: 'e.g. JS1-2026-000042-3' }),
});
export const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const LabelStatusSchema = Enum(LABEL_STATUSES);

const Facts = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()]));

export const SecurityInformationSchema = Type.Object({
  supportEndsOn: Nullable(Type.String({ description: 'Last day of promised security updates (YYYY-MM-DD), as declared at `statusAt`' })),
  isSupportEnded: Nullable(Type.Boolean()),
  supportHistory: Type.Optional(Type.Array(Type.Object({ endsOn: Type.String(), declaredAt: Instant, note: Nullable(Type.String()) }), { description: 'Every declaration, newest first; a support period is only ever extended' })),
  updates: Type.Optional(Type.Array(Type.Object({ version: Type.String(), releasedOn: Type.String(), notes: LocalizedNullable, url: Nullable(Type.String()) }))),
  vulnerabilities: Type.Optional(Type.Array(Type.Object({
    cve: Nullable(Type.String()),
    title: Nullable(Type.String()),
    status: Type.String({ description: 'VEX status: known_affected, fixed, known_not_affected or under_investigation' }),
    justification: Nullable(Type.String({ description: 'For known_not_affected: the VEX justification (e.g. vulnerable_code_not_present)' })),
    impactStatement: Nullable(Type.String()),
    cvss: Nullable(Type.Object({ version: Type.String(), baseScore: Type.Number(), severity: Nullable(Type.String()), vector: Nullable(Type.String()) })),
    remediations: Type.Array(Type.Object({ category: Type.String(), details: Type.String(), url: Nullable(Type.String()) })),
    firstSeenAt: Instant,
    advisory: Type.Object({ id: Type.String(), trackingId: Type.String(), revision: Type.String(), title: Type.String(), publisherName: Type.String(), initialReleaseDate: Type.String(), currentReleaseDate: Type.String() }),
  }), { description: 'From the vendor\'s CSAF advisories, one entry per vulnerability' })),
  securityTxt: Type.Optional(Nullable(Type.Object({
    contact: Type.Array(Type.String()), policy: Type.Array(Type.String()), canonical: Type.Array(Type.String()), expiresAt: Nullable(Type.String()), expired: Type.Boolean(),
  }, { description: 'The vendor\'s security.txt (RFC 9116), as checked when it was filed' }))),
  warnings: Type.Optional(Type.Array(Type.Object({
    code: Type.String({ description: 'support_ended, support_ends_before_label_expiry, unfixed_vulnerability, label_expiring or security_txt_expired' }),
    facts: Facts,
  }), { description: 'Derived at `statusAt`; never stored' })),
}, { description: 'Live security information. Bulk exports carry only supportEndsOn and isSupportEnded.' });

export const TimelineEntrySchema = Type.Object({
  type: Type.String({ description: 'support.declared, support.extended, update.released, advisory.published or label.<event>' }),
  at: Type.String(),
  summary: Facts,
});

/** A criteria document as applications and labels name it; `example: true` marks one that is not criteria of the scheme. */
export const CriteriaSummarySchema = Type.Object({
  id: Type.String(),
  version: Type.String(),
  title: Localized,
  category: Nullable(Type.String({ description: 'The product category of ★2–★4 criteria; null for the common ★1 criteria' })),
  example: Type.Boolean({ description: 'true: an example of the catalogue format, not JC-STAR criteria' }),
  assessment: Nullable(Type.String({ enum: ['self-declaration', 'third-party'], description: 'Self-declaration (★1/★2) or third-party evaluation (★3/★4)' })),
});

export const PublicLabelSchema = Type.Object({
  registrationNumber: Type.String(),
  scheme: Type.Object({ id: Type.String(), name: Localized }),
  level: Type.Integer(),
  status: LabelStatusSchema,
  statusAt: Instant,
  issuedAt: Instant,
  expiresAt: Instant,
  criteria: CriteriaSummarySchema,
  evaluation: Nullable(Type.Object({
    body: Type.Object({ id: Type.String(), name: Localized, accreditationNumber: Type.String() }),
    evaluatedAt: Instant,
  }, { description: '★3/★4: the evaluation body that evaluated the product and when it signed off its report (the report itself is not public)' })),
  vendor: Type.Object({ id: Type.String(), name: Localized, country: Type.String(), corporateNumber: Nullable(Type.String()), website: Nullable(Type.String()) }),
  product: Type.Object({
    name: Localized,
    category: Type.String(),
    description: LocalizedNullable,
    url: Nullable(Type.String()),
    softwareVersions: Type.Array(Type.String()),
    modelNumbers: Type.Array(Type.String()),
  }),
  security: SecurityInformationSchema,
  timeline: Type.Optional(Type.Array(TimelineEntrySchema, { description: 'Support declarations, updates, advisories and label events, newest first' })),
  contact: Type.Object({ vulnerabilityReport: Nullable(Type.String()), disclosurePolicyUrl: Nullable(Type.String()) }),
  history: Type.Array(Type.Object({ event: Type.String(), at: Instant, reason: Nullable(Type.String()), expiresAt: Nullable(Type.String()) })),
  url: Type.String({ description: 'The product page the QR code opens' }),
  receipt: Type.Optional(
    Type.Object(
      {
        leaf: Type.String({ description: 'The exact canonical JSON (RFC 8785) hashed into the log' }),
        index: Type.Integer({ description: '0-based leaf index' }),
        proof: Type.Array(Type.String(), { description: 'Inclusion proof, base64 SHA-256 hashes (RFC 9162 §2.1.3)' }),
        checkpoint: Type.String({ description: 'Signed checkpoint note (C2SP) the proof leads to' }),
      },
      { description: 'Offline proof that the latest event of this label is in the transparency log. Absent with ?at=.' },
    ),
  ),
});

export const LabelListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, pattern: NO_CONTROL })),
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    status: Type.Optional(LabelStatusSchema),
    vendor: Type.Optional(Type.String({ format: 'uuid' })),
    category: Type.Optional(Type.String({ maxLength: 50 })),
    ukPsti: Type.Optional(Type.Boolean({ description: 'Only labels that count for UK PSTI today (current ★1 labels while the arrangement is in force)' })),
    sort: Type.Optional(Enum(LABEL_SORTS, { description: 'newest (default), oldest, expiring (soonest expiry first) or registration (number order)' })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);

export const LabelListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      registrationNumber: Type.String(),
      level: Type.Integer(),
      status: LabelStatusSchema,
      issuedAt: Instant,
      expiresAt: Instant,
      vendor: Type.Object({ id: Type.String(), name: Localized }),
      product: Type.Object({ name: Localized, category: Type.String(), modelNumberCount: Type.Integer() }),
      url: Type.String(),
    }),
  ),
  nextCursor: Nullable(Type.String()),
  total: Type.Integer({ description: 'Labels matching; with totalRelation "gte", at least this many (a text search counts exactly up to 1,000)' }),
  totalRelation: Enum(['eq', 'gte'] as const, { description: '"eq": total is exact; "gte": more labels match than total' }),
});

const ModelNumbers = Type.Array(Type.String({ maxLength: 200 }), {
  maxItems: 10_000,
  description: 'Model numbers (型番): 1–64 characters, no control characters, unique ignoring width and case',
});

export const ProductInputSchema = Type.Object(
  {
    nameJa: Line(200),
    nameEn: Line(200),
    category: Line(50),
    descriptionJa: Type.Optional(Nullable(Prose(4000))),
    descriptionEn: Type.Optional(Nullable(Prose(4000))),
    productUrl: Type.Optional(Nullable(Line(2000))),
    softwareVersions: Type.Optional(Type.Array(Line(100), { maxItems: 200 })),
    supportEndsOn: Type.Optional(Nullable(IsoDate)),
    vulnerabilityContact: Type.Optional(Nullable(Line(500))),
    disclosurePolicyUrl: Type.Optional(Nullable(Line(2000))),
    modelNumbers: ModelNumbers,
  },
  { additionalProperties: false },
);
export const ProductPatchSchema = Type.Partial(ProductInputSchema, { additionalProperties: false, minProperties: 1 });

export const ProductSchema = Type.Object({
  id: Type.String(),
  vendorId: Type.String(),
  name: Localized,
  category: Type.String(),
  description: LocalizedNullable,
  productUrl: Nullable(Type.String()),
  softwareVersions: Type.Array(Type.String()),
  supportEndsOn: Nullable(Type.String()),
  vulnerabilityContact: Nullable(Type.String()),
  disclosurePolicyUrl: Nullable(Type.String()),
  modelNumbers: Type.Array(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
});

export const ChecklistAnswerSchema = Type.Object(
  {
    itemId: Line(40),
    answer: Enum(CHECKLIST_ANSWERS),
    evidence: Type.Optional(Nullable(Prose(4000))),
    reason: Type.Optional(Nullable(Prose(4000))),
  },
  { additionalProperties: false },
);

const opt = <T extends TSchema>(schema: T) => Type.Optional(Nullable(schema));

/** The UK PSTI statement of compliance (route `psti`). A draft may omit fields; submission needs all but `batch`. */
export const PstiStatementInputSchema = Type.Object(
  {
    productType: opt(Line(200)),
    batch: opt(Line(200)),
    manufacturerName: opt(Line(200)),
    manufacturerAddress: opt(Line(500)),
    declaration: opt(Type.Boolean({ description: 'true: made by or on behalf of the manufacturer, and complies with the PSTI requirements' })),
    supportPeriodEndsOn: opt(IsoDate),
    signatoryName: opt(Line(200)),
    signatoryFunction: opt(Line(200)),
    placeOfIssue: opt(Line(200)),
    dateOfIssue: opt(IsoDate),
    documentUrl: opt(Line(2000, { description: 'https URL of the published statement' })),
    isProxy: Type.Optional(Type.Boolean({ description: 'The applicant is not the manufacturer named in the statement' })),
    proxyNote: opt(Prose(2000)),
  },
  { additionalProperties: false },
);

export const PstiStatementSchema = Type.Object({
  productType: Nullable(Type.String()),
  batch: Nullable(Type.String()),
  manufacturerName: Nullable(Type.String()),
  manufacturerAddress: Nullable(Type.String()),
  declaration: Nullable(Type.Boolean()),
  supportPeriodEndsOn: Nullable(Type.String()),
  signatoryName: Nullable(Type.String()),
  signatoryFunction: Nullable(Type.String()),
  placeOfIssue: Nullable(Type.String()),
  dateOfIssue: Nullable(Type.String()),
  documentUrl: Nullable(Type.String()),
  isProxy: Type.Boolean(),
  proxyNote: Nullable(Type.String()),
  updatedAt: Instant,
});

export const ApplicationCreateSchema = Type.Object(
  {
    productId: Type.Optional(Type.String({ format: 'uuid' })),
    level: Type.Integer({ minimum: 1, maximum: 4 }),
    route: Type.Optional(Enum(APPLICATION_ROUTES)),
    renewsRegistrationNumber: Type.Optional(Line(40)),
    modelNumbers: Type.Optional(ModelNumbers),
    pstiStatement: Type.Optional(PstiStatementInputSchema),
    evaluationBodyId: Type.Optional(Type.String({ format: 'uuid', description: '★3/★4: the evaluation body (accredited for the category and level)' })),
  },
  { additionalProperties: false },
);

export const ApplicationPatchSchema = Type.Object(
  {
    modelNumbers: Type.Optional(ModelNumbers),
    checklist: Type.Optional(Type.Array(ChecklistAnswerSchema, { maxItems: 500 })),
    pstiStatement: Type.Optional(PstiStatementInputSchema),
    evaluationBodyId: Type.Optional(Type.String({ format: 'uuid', description: '★3/★4: name another evaluation body' })),
    expectedVersion: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ApplicationSchema = Type.Object({
  id: Type.String(),
  applicationNumber: Type.String(),
  acceptanceNumber: Nullable(Type.String()),
  registrationNumber: Nullable(Type.String()),
  vendorId: Type.String(),
  productId: Type.String(),
  level: Type.Integer(),
  route: Type.String(),
  renewsRegistrationNumber: Nullable(Type.String()),
  criteria: Type.String(),
  criteriaDocument: CriteriaSummarySchema,
  evaluation: Nullable(Type.Object({
    body: Nullable(Type.Object({ id: Type.String(), name: Localized, accreditationNumber: Type.String() })),
    reportStatus: Type.String({ enum: ['not_started', 'open', 'signed_off'] }),
    round: Nullable(Type.Integer()),
    signedOffAt: Nullable(Type.String()),
  }, { description: '★3/★4: the evaluation body and its report on the current submission' })),
  status: Enum(APPLICATION_STATUSES),
  feeJpy: Nullable(Type.Integer()),
  feePaidAt: Nullable(Type.String()),
  paymentReference: Nullable(Type.String()),
  modelNumbers: Type.Array(Type.String()),
  checklist: Type.Array(
    Type.Object({ itemId: Type.String(), answer: Type.String(), evidence: Nullable(Type.String()), reason: Nullable(Type.String()) }),
  ),
  recognisedRequirements: Type.Array(
    Type.Object({ requirementId: Type.String(), ruleId: Type.String(), basis: Type.String() }),
    { description: 'Requirements not self-assessed on this route (PSTI: recognised via UK PSTI); their items must not be answered' },
  ),
  pstiStatement: Nullable(PstiStatementSchema),
  events: Type.Array(Type.Object({ type: Type.String(), at: Instant, actorId: Nullable(Type.String()), comment: Nullable(Type.String()) })),
  createdAt: Instant,
  updatedAt: Instant,
  submittedAt: Nullable(Type.String()),
  version: Type.Integer(),
});

export const ApplicationSummarySchema = Type.Object({
  id: Type.String(),
  applicationNumber: Type.String(),
  acceptanceNumber: Nullable(Type.String()),
  vendorId: Type.String(),
  productId: Type.String(),
  level: Type.Integer(),
  route: Type.String(),
  status: Type.String(),
  createdAt: Instant,
  updatedAt: Instant,
});

export const VendorInputSchema = Type.Object(
  {
    nameJa: Line(200),
    nameEn: Line(200),
    address: Line(500),
    country: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    corporateNumber: Type.Optional(Nullable(Line(20, { description: '法人番号: 13 digits with check digit' }))),
    legalEntityProof: Type.Optional(Nullable(Line(500))),
    website: Type.Optional(Nullable(Line(2000))),
  },
  { additionalProperties: false },
);

export const VendorSchema = Type.Object({
  id: Type.String(),
  name: Localized,
  address: Type.String(),
  country: Type.String(),
  corporateNumber: Nullable(Type.String()),
  legalEntityProof: Nullable(Type.String()),
  website: Nullable(Type.String()),
  createdAt: Instant,
});

export const UserInputSchema = Type.Object(
  {
    email: Line(254),
    displayName: Line(200),
    password: Type.String({ minLength: 1, maxLength: 256 }),
    role: Enum(ROLES),
    vendorId: Type.Optional(Nullable(Type.String({ format: 'uuid' }))),
  },
  { additionalProperties: false },
);

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  vendorId: Nullable(Type.String()),
  createdAt: Instant,
});

export const PstiListingRequestSchema = Type.Object(
  { productNameEn: Line(200), descriptionEn: Prose(4000) },
  { additionalProperties: false },
);

export const PstiListingSchema = Type.Object({
  id: Type.String(),
  registrationNumber: Type.String(),
  status: Type.String({ enum: ['requested', 'approved', 'rejected'] }),
  productNameEn: Type.String(),
  descriptionEn: Type.String(),
  requestedAt: Instant,
  decidedAt: Nullable(Type.String()),
  reason: Nullable(Type.String()),
});

export const PublicPstiListingsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      registrationNumber: Type.String(),
      productNameEn: Type.String(),
      vendorNameEn: Type.String(),
      labelStatus: LabelStatusSchema,
      labelExpiresAt: Instant,
      listedAt: Instant,
      url: Type.String(),
    }),
  ),
});

export const ReasonBody = Type.Object({ reason: Prose(2000) }, { additionalProperties: false });
export const CommentBody = Type.Object({ comment: Prose(4000) }, { additionalProperties: false });

/** OpenAPI security requirement of authenticated routes: an API token or a session cookie. */
export const AUTHENTICATED: Array<Record<string, string[]>> = [{ bearer: [] }, { session: [] }];
