/**
 * Checklist rules: one answer per assessment item, either "conforms" (with evidence: a text or a
 * reference to a document) or "not applicable" (with a reason). Items sharing an alternative group
 * are satisfied together by one conforming item.
 */
import type { FieldError } from './errors.ts';

export const CHECKLIST_ANSWERS = ['conforms', 'not_applicable'] as const;
export type ChecklistAnswerValue = (typeof CHECKLIST_ANSWERS)[number];

export interface ChecklistAnswer {
  itemId: string;
  answer: ChecklistAnswerValue;
  evidence?: string | null;
  reason?: string | null;
}

/** The shape of the criteria the rules need (a subset of the catalogue's requirement). */
export interface ChecklistRequirement {
  id: string;
  items: ReadonlyArray<{ id: string; alternativeGroup?: string | undefined }>;
}

export const EVIDENCE_MAX_LENGTH = 4000;

const blank = (value: string | null | undefined) => !value || value.trim().length === 0;

/**
 * Checks each answer on its own (known item, reason or evidence present, no duplicates). Used when
 * saving a draft: a draft may be incomplete but never wrong.
 */
export function checkChecklistAnswers(
  requirements: readonly ChecklistRequirement[],
  answers: readonly ChecklistAnswer[],
  base = '/answers',
): FieldError[] {
  const known = new Set(requirements.flatMap((r) => r.items.map((i) => i.id)));
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  answers.forEach((a, index) => {
    const at = `${base}/${index}`;
    if (!known.has(a.itemId)) errors.push({ pointer: `${at}/itemId`, detail: `unknown assessment item ${JSON.stringify(a.itemId)}` });
    else if (seen.has(a.itemId)) errors.push({ pointer: `${at}/itemId`, detail: `${a.itemId} is answered twice` });
    seen.add(a.itemId);
    if (a.answer === 'not_applicable' && blank(a.reason)) {
      errors.push({ pointer: `${at}/reason`, detail: `${a.itemId}: "not applicable" needs a reason` });
    }
    if (a.answer === 'conforms' && blank(a.evidence)) {
      errors.push({ pointer: `${at}/evidence`, detail: `${a.itemId}: "conforms" needs evidence (a text or a document reference)` });
    }
    for (const field of ['evidence', 'reason'] as const) {
      if ((a[field]?.length ?? 0) > EVIDENCE_MAX_LENGTH) {
        errors.push({ pointer: `${at}/${field}`, detail: `at most ${EVIDENCE_MAX_LENGTH} characters` });
      }
    }
  });
  return errors;
}

/**
 * Lists every assessment item that still lacks an answer, as errors pointing at the item id.
 * An alternative group is complete when one of its items conforms, or all are not applicable.
 */
export function missingChecklistItems(
  requirements: readonly ChecklistRequirement[],
  answers: readonly ChecklistAnswer[],
): FieldError[] {
  const byItem = new Map(answers.map((a) => [a.itemId, a]));
  const errors: FieldError[] = [];
  for (const requirement of requirements) {
    const groups = new Map<string, string[]>();
    for (const item of requirement.items) {
      if (item.alternativeGroup) {
        groups.set(item.alternativeGroup, [...(groups.get(item.alternativeGroup) ?? []), item.id]);
      } else if (!byItem.has(item.id)) {
        errors.push({ pointer: `/checklist/${item.id}`, detail: `${item.id} (${requirement.id}) has no answer` });
      }
    }
    for (const [group, ids] of groups) {
      const answered = ids.map((id) => byItem.get(id));
      const oneConforms = answered.some((a) => a?.answer === 'conforms');
      const allNotApplicable = answered.every((a) => a?.answer === 'not_applicable');
      if (!oneConforms && !allNotApplicable) {
        errors.push({
          pointer: `/checklist/${group}`,
          detail: `${requirement.id}: one of ${ids.join(', ')} must conform (or all be not applicable with reasons)`,
        });
      }
    }
  }
  return errors;
}

/**
 * Answers to items of requirements that a recognition rule already covers (e.g. S1.1-02 on the
 * PSTI route) are refused: those items are not self-assessed on that route.
 */
export function recognisedItemAnswers(
  requirements: readonly ChecklistRequirement[],
  recognised: ReadonlyArray<{ requirementId: string; ruleId: string }>,
  answers: readonly ChecklistAnswer[],
  base = '/answers',
): FieldError[] {
  const ruleOf = new Map(recognised.map((r) => [r.requirementId, r.ruleId]));
  const requirementOf = new Map(requirements.flatMap((r) => r.items.map((i) => [i.id, r.id] as const)));
  const errors: FieldError[] = [];
  answers.forEach((a, index) => {
    const requirementId = requirementOf.get(a.itemId);
    const ruleId = requirementId && ruleOf.get(requirementId);
    if (ruleId) {
      errors.push({
        pointer: `${base}/${index}/itemId`,
        detail: `${a.itemId} (${requirementId}) is recognised on this route by rule ${ruleId} and must not be answered`,
      });
    }
  });
  return errors;
}

/** The requirements still to self-assess once the recognised ones are set aside. */
export function requirementsToAnswer<R extends ChecklistRequirement>(requirements: readonly R[], recognisedIds: Iterable<string>): R[] {
  const skip = new Set(recognisedIds);
  return requirements.filter((r) => !skip.has(r.id));
}
