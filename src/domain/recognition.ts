/**
 * Mutual recognition: does a certification under one scheme count under another at a date? The
 * rules are catalogue data (catalog/recognitions/); this is only the arithmetic over them.
 */
import type { LabelState } from './label-status.ts';

export interface RecognitionRuleLike {
  id: string;
  source: { scheme: string; level?: number | undefined; criteria?: string | undefined };
  target: { scheme: string; level?: number | undefined; criteria?: string | undefined };
  effectiveFrom: string;
  effectiveUntil?: string | undefined;
  route?: string | undefined;
}

/** The rule for this pair (and route) in force on a JST date, if any. */
export function ruleInForce<R extends RecognitionRuleLike>(
  rules: Iterable<R>,
  sourceScheme: string,
  targetScheme: string,
  date: string,
  route?: string,
): R | undefined {
  for (const rule of rules) {
    if (rule.source.scheme !== sourceScheme || rule.target.scheme !== targetScheme) continue;
    if (route !== undefined && rule.route !== route) continue;
    if (rule.effectiveFrom <= date && (!rule.effectiveUntil || date <= rule.effectiveUntil)) return rule;
  }
  return undefined;
}

export interface LabelRecognition {
  recognised: boolean;
  /** Plain-language reasons, each a full sentence. */
  reasons: string[];
}

/**
 * Whether a JC-STAR label counts under a rule at an instant: the rule is in force, the label's
 * level and criteria are the rule's, and the label is current (issued, unexpired, neither
 * suspended, revoked nor withdrawn).
 */
export function labelRecognitionAt(
  rule: RecognitionRuleLike | undefined,
  label: { level: number; criteria: string; state: LabelState | undefined },
  date: string,
): LabelRecognition {
  const reasons: string[] = [];
  if (!rule) reasons.push(`No recognition arrangement was in force on ${date}.`);
  if (rule?.source.level !== undefined && rule.source.level !== label.level) {
    reasons.push(`The arrangement covers level ${rule.source.level} labels; this label is level ${label.level}.`);
  }
  if (rule?.source.criteria && rule.source.criteria !== label.criteria) {
    reasons.push(`The arrangement covers labels under criteria ${rule.source.criteria}; this label was issued under ${label.criteria}.`);
  }
  const status = label.state?.status;
  if (!label.state) reasons.push(`The label had not been issued on ${date}.`);
  else if (status !== 'valid') reasons.push(`The label was ${status} at that time, so it does not count.`);
  const recognised = reasons.length === 0;
  if (recognised) reasons.push(`The label was current (valid until ${label.state!.expiresAt.toISOString()}) and the arrangement was in force.`);
  return { recognised, reasons };
}
