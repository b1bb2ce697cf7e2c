/**
 * Schemas of the scheme catalogue files under catalog/. The catalogue is data: a new criteria
 * version or a new scheme is a new JSON file validated against these schemas at load time.
 */
import { Type, type Static } from '@sinclair/typebox';

/** Where a text comes from: the official document, our own paraphrase, or a placeholder. */
export const TextSource = Type.Union([
  Type.Literal('official'),
  Type.Literal('paraphrase'),
  Type.Literal('pending'),
]);

/** A bilingual text with its provenance. */
export const LocalizedText = Type.Object(
  {
    ja: Type.String({ minLength: 1 }),
    en: Type.String({ minLength: 1 }),
    source: TextSource,
  },
  { additionalProperties: false },
);
export type LocalizedText = Static<typeof LocalizedText>;

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const AssessmentItem = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9.-]+$' }),
    text: LocalizedText,
    /** Items sharing a group are alternatives: one conforming item satisfies the group. */
    alternativeGroup: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type AssessmentItem = Static<typeof AssessmentItem>;

export const Requirement = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9.-]+$' }),
    title: LocalizedText,
    summary: LocalizedText,
    /** `official-text-pending`: the requirement exists but its wording is a placeholder. */
    status: Type.Union([Type.Literal('confirmed'), Type.Literal('official-text-pending')]),
    evaluation: Type.Union([
      Type.Literal('document-review'),
      Type.Literal('device-test'),
      Type.Literal('unconfirmed'),
    ]),
    /** ETSI EN 303 645 provision ids this requirement maps to (see references/). */
    etsiProvisions: Type.Array(Type.String()),
    items: Type.Array(AssessmentItem, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type Requirement = Static<typeof Requirement>;

/**
 * A test unit of a third-party level (★3/★4): one thing an evaluation body assesses and reports a
 * verdict on, in the manner of ETSI TS 103 701 (conceptual assessment of documents, ICS and IXIT;
 * functional assessment by testing the device).
 */
export const TestUnit = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9.-]+$' }),
    /** The requirement it assesses: of this document or of one it extends. */
    requirement: Type.String({ pattern: '^[A-Za-z0-9.-]+$' }),
    text: LocalizedText,
    assessment: Type.Union([Type.Literal('conceptual'), Type.Literal('functional')]),
  },
  { additionalProperties: false },
);
export type TestUnit = Static<typeof TestUnit>;

export const CriteriaFile = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    kind: Type.Literal('criteria'),
    /** The criteria document id, e.g. JST-CR-01-01-2024R1. */
    id: Type.String({ minLength: 1 }),
    scheme: Type.String({ minLength: 1 }),
    level: Type.Integer({ minimum: 1, maximum: 4 }),
    version: Type.String({ minLength: 1 }),
    publishedOn: Type.String({ pattern: '^\\d{4}-\\d{2}(-\\d{2})?$' }),
    title: LocalizedText,
    sourceUrl: Type.Optional(Type.String()),
    /** ★2–★4: the product category the document is for (one of the scheme's categories). */
    category: Type.Optional(Type.String({ pattern: '^[a-z0-9-]+$' })),
    /**
     * ★2–★4: the document of the level below whose requirements also apply. Requirements are
     * cumulative: once loaded, `requirements` lists the base's first, then this file's own.
     */
    extends: Type.Optional(Type.String({ minLength: 1 })),
    /** An illustration of the format, not criteria of the scheme; every page and API showing it says so. */
    example: Type.Optional(Type.Boolean()),
    requirements: Type.Array(Requirement, { minItems: 1 }),
    /**
     * ★3/★4: the test units an evaluation body must report, cumulative like the requirements.
     * Together with the base's units they cover every requirement that applies.
     */
    testUnits: Type.Optional(Type.Array(TestUnit)),
  },
  { additionalProperties: false },
);
export type CriteriaFile = Static<typeof CriteriaFile>;

export const Level = Type.Object(
  {
    level: Type.Integer({ minimum: 1, maximum: 4 }),
    assessment: Type.Union([Type.Literal('self-declaration'), Type.Literal('third-party')]),
    validityMonths: Type.Integer({ minimum: 1, maximum: 120 }),
    /** Criteria document ids in force for this level, newest last. Empty: not yet published. */
    criteria: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type Level = Static<typeof Level>;

export const Fee = Type.Object(
  {
    level: Type.Integer({ minimum: 1, maximum: 4 }),
    route: Type.String({ minLength: 1 }),
    amountJpy: Type.Integer({ minimum: 0 }),
    taxIncluded: Type.Boolean(),
    /** The fee applies to applications submitted on or after this date (JST)… */
    effectiveFrom: Type.Optional(IsoDate),
    /** …and on or before this date (JST). */
    effectiveUntil: Type.Optional(IsoDate),
    note: Type.Optional(LocalizedText),
  },
  { additionalProperties: false },
);
export type Fee = Static<typeof Fee>;

export const SchemeRequirement = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    title: LocalizedText,
    summary: LocalizedText,
    etsiProvisions: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);

export const SchemeFile = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    kind: Type.Literal('scheme'),
    id: Type.String({ pattern: '^[a-z0-9-]+$' }),
    name: LocalizedText,
    operator: LocalizedText,
    sourceUrl: Type.Optional(Type.String()),
    levels: Type.Array(Level),
    /** Product categories; higher levels are category-specific. */
    categories: Type.Array(
      Type.Object({ id: Type.String({ pattern: '^[a-z0-9-]+$' }), name: LocalizedText }, { additionalProperties: false }),
    ),
    fees: Type.Array(Fee),
    /** Requirements a scheme defines directly (e.g. UK PSTI Schedule 1), when it has no levels. */
    requirements: Type.Array(SchemeRequirement),
    /** Our policies (not the official scheme's) are flagged as such. */
    renewal: Type.Optional(
      Type.Object(
        {
          windowDays: Type.Integer({ minimum: 1, maximum: 365 }),
          extendsFrom: Type.Literal('previous-expiry'),
          source: Type.Literal('our-policy'),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SchemeFile = Static<typeof SchemeFile>;

export const ReferenceFile = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    kind: Type.Literal('reference'),
    id: Type.String({ minLength: 1 }),
    title: Type.String({ minLength: 1 }),
    provisions: Type.Array(
      Type.Object(
        {
          id: Type.String({ minLength: 1 }),
          title: LocalizedText,
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ReferenceFile = Static<typeof ReferenceFile>;

/** One side of a recognition rule: a scheme, and for JC-STAR the level and criteria document. */
export const SchemeRef = Type.Object(
  {
    scheme: Type.String({ minLength: 1 }),
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    criteria: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);

/**
 * A recognition rule: a valid certification under `source` meets `recognizedRequirements` of
 * `target`, from `effectiveFrom` (to `effectiveUntil`), under an agreement. New agreements are
 * new files, not new code.
 */
export const RecognitionFile = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    kind: Type.Literal('recognition'),
    id: Type.String({ pattern: '^[a-z0-9-]+$' }),
    title: LocalizedText,
    agreement: Type.Object(
      {
        name: LocalizedText,
        signedOn: Type.Optional(IsoDate),
        legalBasis: Type.Optional(LocalizedText),
        url: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    source: SchemeRef,
    target: SchemeRef,
    effectiveFrom: IsoDate,
    effectiveUntil: Type.Optional(IsoDate),
    /** Requirement ids of the target that a valid source certification meets. */
    recognizedRequirements: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    /** Application route in the target scheme this rule opens (fee schedule key), if any. */
    route: Type.Optional(Type.String({ minLength: 1 })),
    /** `terms-not-public`: modelled from what is known; the operator confirms the rest. */
    status: Type.Union([Type.Literal('confirmed'), Type.Literal('terms-not-public')]),
    conditions: Type.Array(
      Type.Object({ id: Type.String({ pattern: '^[a-z0-9-]+$' }), text: LocalizedText }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type RecognitionFile = Static<typeof RecognitionFile>;
