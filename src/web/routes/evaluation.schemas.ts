/** Request and response schemas of the evaluation API (evaluation.routes.ts). */
import { Type } from '@sinclair/typebox';
import { VERDICTS } from '../../domain/evaluation.ts';
import { CriteriaSummarySchema, Enum, Instant, IsoDate, Line, Nullable, Prose } from '../schemas.ts';

const Localized = Type.Object({ ja: Type.String(), en: Type.String() });
const Scope = Type.Array(
  Type.Object({ category: Line(50), level: Type.Integer({ minimum: 1, maximum: 4 }) }, { additionalProperties: false }),
  { maxItems: 200, description: 'Product categories × levels the accreditation covers (levels 3 and 4 only)' },
);

export const EvaluationBodyInputSchema = Type.Object(
  {
    nameJa: Line(200),
    nameEn: Line(200),
    accreditationNumber: Line(100, { description: 'e.g. ASNITE 0123 T; unique' }),
    accreditationBasis: Type.Optional(Line(200, { description: 'Default: ASNITE (NITE), ISO/IEC 17025' })),
    accreditedFrom: IsoDate,
    accreditedUntil: IsoDate,
    scope: Scope,
    website: Type.Optional(Nullable(Line(2000))),
  },
  { additionalProperties: false },
);

export const EvaluationBodyPatchSchema = Type.Object(
  { accreditedFrom: Type.Optional(IsoDate), accreditedUntil: Type.Optional(IsoDate), scope: Type.Optional(Scope), website: Type.Optional(Nullable(Line(2000))) },
  { additionalProperties: false, minProperties: 1 },
);

export const EvaluationBodySchema = Type.Object({
  id: Type.String(),
  name: Localized,
  accreditationNumber: Type.String(),
  accreditationBasis: Type.String(),
  accreditedFrom: Type.String(),
  accreditedUntil: Type.String(),
  scope: Type.Array(Type.Object({ category: Type.String(), level: Type.Integer() })),
  website: Nullable(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
});

export const EvaluatorInputSchema = Type.Object(
  { email: Line(254), displayName: Line(200), password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);

export const EvaluationReportInputSchema = Type.Object(
  {
    ics: Type.Optional(Nullable(Prose(4000))),
    ixit: Type.Optional(Nullable(Prose(4000))),
    summary: Type.Optional(Nullable(Prose(4000))),
    verdicts: Type.Optional(Type.Array(
      Type.Object(
        {
          unitId: Line(60),
          verdict: Enum(VERDICTS),
          reason: Type.Optional(Nullable(Prose(4000))),
          evidence: Type.Optional(Nullable(Prose(4000))),
        },
        { additionalProperties: false },
      ),
      { maxItems: 1000 },
    )),
  },
  { additionalProperties: false, minProperties: 1 },
);

const ReportSchema = Type.Object({
  id: Type.String(),
  round: Type.Integer({ description: 'Which submission the report is for (1 = first; a resubmission after a return starts a new one)' }),
  status: Type.String({ enum: ['open', 'signed_off'] }),
  ics: Nullable(Type.String()),
  ixit: Nullable(Type.String()),
  summary: Nullable(Type.String()),
  signedOffAt: Nullable(Type.String()),
  file: Nullable(Type.Object({ name: Type.String(), size: Type.Integer(), sha256: Type.String(), uploadedAt: Instant })),
  verdicts: Type.Array(Type.Object({
    unitId: Type.String(),
    requirementId: Type.String(),
    verdict: Enum(VERDICTS),
    reason: Nullable(Type.String()),
    evidence: Nullable(Type.String()),
    updatedAt: Instant,
  })),
  updatedAt: Instant,
  version: Type.Integer(),
});

export const EvaluationViewSchema = Type.Object({
  application: Type.Object({
    id: Type.String(),
    applicationNumber: Type.String(),
    acceptanceNumber: Nullable(Type.String()),
    status: Type.String(),
    level: Type.Integer(),
    submittedAt: Nullable(Type.String()),
    criteria: CriteriaSummarySchema,
    vendor: Type.Object({ id: Type.String(), name: Localized }),
    product: Type.Object({ id: Type.String(), name: Localized, category: Type.String() }),
    modelNumbers: Type.Array(Type.String()),
    checklist: Type.Array(Type.Object({ itemId: Type.String(), answer: Type.String(), evidence: Nullable(Type.String()), reason: Nullable(Type.String()) }), {
      description: 'The vendor’s checklist: its implementation conformance statement (ICS)',
    }),
  }),
  evaluationBody: Nullable(Type.Object({ id: Type.String(), name: Localized, accreditationNumber: Type.String() })),
  testUnits: Type.Array(Type.Object({
    id: Type.String(),
    requirementId: Type.String(),
    requirementTitle: Localized,
    requirementLevel: Type.Integer(),
    assessment: Type.String({ enum: ['conceptual', 'functional'] }),
    text: Localized,
  })),
  report: Nullable(ReportSchema),
  isEditable: Type.Boolean(),
});

export const AssignedApplicationSchema = Type.Object({
  id: Type.String(),
  applicationNumber: Type.String(),
  status: Type.String(),
  level: Type.Integer(),
  criteria: CriteriaSummarySchema,
  vendorName: Localized,
  productName: Localized,
  submittedAt: Nullable(Type.String()),
  reportStatus: Type.String({ enum: ['not_started', 'open', 'signed_off'] }),
  updatedAt: Instant,
});
