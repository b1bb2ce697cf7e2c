/**
 * The English PSTI document a vendor ships with a product that carries a current JC-STAR ★1
 * label: the label's facts, the UK legal basis for deemed compliance (SI 2025/1267), the three
 * PSTI requirements and how the label meets them, the defined support period and the
 * vulnerability-report contact, and the URL where anyone can verify the label. One model, two
 * renderings (JSON and PDF, in src/web/routes/psti-document.routes.ts).
 */
import type { Catalog } from '../../catalog/load-catalog.ts';
import { DomainError } from '../../domain/errors.ts';
import { jstDate } from '../../domain/time.ts';
import type { AppContext } from '../context.ts';
import { getPublicLabel } from '../labels/public-label.ts';
import { checkRecognition } from './check-recognition.ts';

export const PSTI_SCHEME = 'uk-psti';
const PSTI_RULE = 'jc-star-1-to-uk-psti';

/** A requirement of one scheme and the requirements of another that share an ETSI provision. */
export interface RequirementMatch {
  id: string;
  title: string;
  etsiProvisions: string[];
  metBy: Array<{ id: string; title: string }>;
}

export interface PstiDocument {
  title: string;
  registrationNumber: string;
  scheme: string;
  level: number;
  status: string;
  issuedOn: string;
  expiresOn: string;
  criteria: { id: string; version: string; title: string };
  manufacturer: { name: string; country: string; website: string | null };
  product: { name: string; modelNumbers: string[]; softwareVersions: string[] };
  legalBasis: { instrument: string; provisions: string; text: string; url: string | null; agreement: string; inForceFrom: string };
  requirements: Array<{ id: string; title: string; summary: string; etsiProvisions: string[]; howMet: string }>;
  supportPeriodEndsOn: string | null;
  vulnerabilityReportContact: string | null;
  disclosurePolicyUrl: string | null;
  conditions: Array<{ id: string; text: string }>;
  verificationUrl: string;
  /** The JST date this document was generated on; validity must be checked at the time of supply. */
  generatedOn: string;
  /** Our summaries of the requirements are paraphrases, not the legal text. */
  textSource: 'paraphrase';
  notice: string;
}

/**
 * For each requirement of `targetScheme`, the ★1 requirements of `criteriaId` mapped to the same
 * ETSI EN 303 645 provisions. Pure; never throws (unknown ids give empty lists).
 */
export function matchRequirements(catalog: Catalog, targetScheme: string, criteriaId: string, lang: 'ja' | 'en' = 'en'): RequirementMatch[] {
  const target = catalog.schemes.get(targetScheme)?.requirements ?? [];
  const criteria = catalog.criteria.get(criteriaId)?.requirements ?? [];
  return target.map((r) => ({
    id: r.id,
    title: r.title[lang],
    etsiProvisions: r.etsiProvisions,
    metBy: criteria
      .filter((c) => c.etsiProvisions.some((p) => r.etsiProvisions.includes(p)))
      .map((c) => ({ id: c.id, title: c.title[lang] })),
  }));
}

/**
 * Builds the PSTI document for a label as it stands at `now`. NOT_FOUND for unknown numbers;
 * LABEL_STATE_CONFLICT unless the label is valid, level 1, and counts for UK PSTI today.
 */
export async function buildPstiDocument(ctx: AppContext, registrationNumber: string): Promise<PstiDocument> {
  const now = ctx.clock.now();
  const label = await getPublicLabel(ctx, registrationNumber, now);
  if (label.status !== 'valid' || label.level !== 1) {
    throw new DomainError(
      'LABEL_STATE_CONFLICT',
      `A PSTI document is only issued for a valid ★1 label; ${label.registrationNumber} is ${label.status} at level ${label.level}.`,
      [],
      { currentStatus: label.status },
    );
  }
  const answer = await checkRecognition(ctx, label.registrationNumber, PSTI_SCHEME, now);
  const rule = ctx.catalog.recognitions.get(PSTI_RULE);
  if (!answer.recognised || !rule) {
    throw new DomainError('LABEL_STATE_CONFLICT', `The label does not count for UK PSTI today: ${answer.reasons.join(' ')}`, [], { currentStatus: label.status });
  }
  const psti = ctx.catalog.schemes.get(PSTI_SCHEME)!;
  const matches = matchRequirements(ctx.catalog, PSTI_SCHEME, label.criteria.id);
  const criteria = `criteria ${label.criteria.id}`;
  return {
    title: 'UK PSTI: information on deemed compliance',
    registrationNumber: label.registrationNumber,
    scheme: 'JC-STAR',
    level: label.level,
    status: label.status,
    issuedOn: jstDate(new Date(label.issuedAt)),
    expiresOn: jstDate(new Date(label.expiresAt)),
    criteria: { id: label.criteria.id, version: label.criteria.version, title: label.criteria.title.en },
    manufacturer: { name: label.vendor.name.en || label.vendor.name.ja, country: label.vendor.country, website: label.vendor.website },
    product: { name: label.product.name.en || label.product.name.ja, modelNumbers: label.product.modelNumbers, softwareVersions: label.product.softwareVersions },
    legalBasis: {
      instrument: 'SI 2025/1267',
      provisions: 'regulation 4A and Schedule 2A',
      text: rule.agreement.legalBasis?.en ?? 'UK SI 2025/1267 (regulation 4A, Schedule 2A)',
      url: rule.agreement.url ?? null,
      agreement: rule.agreement.name.en,
      inForceFrom: rule.effectiveFrom,
    },
    requirements: psti.requirements.map((r) => {
      const met = matches.find((m) => m.id === r.id)?.metBy ?? [];
      const items = met.map((m) => `${m.id} (${m.title})`).join(', ');
      return {
        id: r.id,
        title: r.title.en,
        summary: r.summary.en,
        etsiProvisions: r.etsiProvisions,
        howMet: `Deemed met by the current JC-STAR ★1 label under ${criteria}${items ? `, which includes ${items}` : ''}.`,
      };
    }),
    supportPeriodEndsOn: label.security.supportEndsOn,
    vulnerabilityReportContact: label.contact.vulnerabilityReport,
    disclosurePolicyUrl: label.contact.disclosurePolicyUrl,
    conditions: rule.conditions.map((c) => ({ id: c.id, text: c.text.en })),
    verificationUrl: label.url,
    generatedOn: jstDate(now),
    textSource: 'paraphrase',
    notice:
      'Requirement texts are paraphrases, not the legal text. The label counts only while it is current: check it at the verification URL at the time of supply.',
  };
}
