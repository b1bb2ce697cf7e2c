import type { AppContext } from '../app/context.ts';
import type { ChecklistAnswer } from '../domain/checklist.ts';

/** A full, valid checklist: every item conforms, except the second of each alternative pair. */
export function demoChecklist(ctx: AppContext, criteriaId: string): ChecklistAnswer[] {
  const criteria = ctx.catalog.criteria.get(criteriaId)!;
  const seenGroups = new Set<string>();
  return criteria.requirements.flatMap((r) =>
    r.items.map((item): ChecklistAnswer => {
      if (item.alternativeGroup && seenGroups.has(item.alternativeGroup)) {
        return { itemId: item.id, answer: 'not_applicable', reason: 'Alternative item: the first alternative is met. / 代替項目のうち先の項目で適合。' };
      }
      if (item.alternativeGroup) seenGroups.add(item.alternativeGroup);
      return { itemId: item.id, answer: 'conforms', evidence: `Design document DS-${item.id} §2; test report TR-${item.id}. / 設計書および試験報告書参照。` };
    }),
  );
}

