/**
 * "Does this label count for scheme X at date D, and why?" The answer a UK importer or OPSS
 * officer needs at the time of supply, computed from the label's history and the catalogue's
 * recognition rules.
 */
import { DomainError } from '../../domain/errors.ts';
import { labelStateAt } from '../../domain/label-status.ts';
import { labelRecognitionAt, ruleInForce } from '../../domain/recognition.ts';
import { canonicalRegistrationNumber } from '../../domain/registration-number.ts';
import { jstDate } from '../../domain/time.ts';
import type { AppContext } from '../context.ts';
import { loadLabelHistory } from '../labels/label-history.ts';
import { labelUrl } from '../labels/public-label.ts';

export interface RecognitionAnswer {
  registrationNumber: string;
  targetScheme: string;
  at: string;
  date: string;
  recognised: boolean;
  reasons: string[];
  label: { level: number; criteria: string; status: string | null; expiresAt: string | null };
  rule: null | {
    id: string;
    title: string;
    agreement: string;
    legalBasis: string | null;
    status: string;
    requirementsMet: Array<{ id: string; title: string }>;
    conditions: Array<{ id: string; text: string }>;
  };
  url: string;
}

export async function checkRecognition(ctx: AppContext, registrationNumber: string, targetScheme: string, at: Date): Promise<RecognitionAnswer> {
  if (!ctx.catalog.schemes.has(targetScheme) || targetScheme === 'jc-star') throw new DomainError('NOT_FOUND', `No recognised scheme ${targetScheme}`);
  const rn = canonicalRegistrationNumber(registrationNumber);
  const label = await ctx.db.selectFrom('labels').select(['id', 'level', 'criteria_id']).where('registration_number', '=', rn).executeTakeFirst();
  if (!label) throw new DomainError('NOT_FOUND', `No label ${rn}`);
  const state = labelStateAt(await loadLabelHistory(ctx.db, label.id), at);
  const date = jstDate(at);
  const rule = ruleInForce(ctx.catalog.recognitions.values(), 'jc-star', targetScheme, date);
  const verdict = labelRecognitionAt(rule, { level: label.level, criteria: label.criteria_id, state }, date);
  const target = ctx.catalog.schemes.get(targetScheme)!;
  return {
    registrationNumber: rn,
    targetScheme,
    at: at.toISOString(),
    date,
    recognised: verdict.recognised,
    reasons: verdict.reasons,
    label: { level: label.level, criteria: label.criteria_id, status: state?.status ?? null, expiresAt: state?.expiresAt.toISOString() ?? null },
    rule: rule
      ? {
          id: rule.id,
          title: rule.title.en,
          agreement: rule.agreement.name.en,
          legalBasis: rule.agreement.legalBasis?.en ?? null,
          status: rule.status,
          requirementsMet: rule.recognizedRequirements.map((id) => ({ id, title: target.requirements.find((r) => r.id === id)?.title.en ?? id })),
          conditions: rule.conditions.map((c) => ({ id: c.id, text: c.text.en })),
        }
      : null,
    url: labelUrl(ctx.publicBaseUrl, rn),
  };
}
