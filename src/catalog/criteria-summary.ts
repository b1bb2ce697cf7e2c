/**
 * The short description of a criteria document that applications, labels and pages carry: id,
 * version, title, category, and whether it is only an example (so every place that names the
 * document can say so).
 */
import type { Catalog } from './load-catalog.ts';

export interface CriteriaSummary {
  id: string;
  version: string;
  title: { ja: string; en: string };
  /** ★2–★4 documents are for one product category; ★1 is common (null). */
  category: string | null;
  /** An illustration of the format, not criteria of the scheme. */
  example: boolean;
  /** How the level is assessed: the vendor's self-declaration (★1/★2) or a third-party evaluation (★3/★4). */
  assessment: 'self-declaration' | 'third-party' | null;
}

/** The summary of a document id; an unknown id (a file removed from the catalogue) keeps its id as title. */
export function criteriaSummary(catalog: Pick<Catalog, 'criteria' | 'level'>, id: string): CriteriaSummary {
  const doc = catalog.criteria.get(id);
  return {
    id,
    version: doc?.version ?? 'unknown',
    title: { ja: doc?.title.ja ?? id, en: doc?.title.en ?? id },
    category: doc?.category ?? null,
    example: doc?.example === true,
    assessment: doc ? catalog.level(doc.level)?.assessment ?? null : null,
  };
}
