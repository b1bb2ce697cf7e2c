/**
 * Criteria above ★1 are product-category specific and cumulative: a ★2 document for network
 * cameras extends the common ★1 document, ★3 extends that ★2 document, and so on. Here each
 * loaded document is resolved into the full list of requirements (and, for the third-party levels
 * ★3/★4, test units) that apply to it, base first, each tagged with the document that brought it
 * in. The chain is checked while resolving; a broken chain stops start-up naming file and field.
 */
import type { CriteriaFile, Requirement, SchemeFile, TestUnit } from './catalog.schema.ts';

/** Where a requirement or test unit comes from in the chain. */
export interface CriteriaOrigin {
  criteria: string;
  level: number;
}
export interface AppliedRequirement extends Requirement {
  origin: CriteriaOrigin;
}
export interface AppliedTestUnit extends TestUnit {
  origin: CriteriaOrigin;
}

/** A loaded criteria document: the file's facts with every requirement (and test unit) that applies. */
export interface CriteriaDocument extends Omit<CriteriaFile, 'requirements' | 'testUnits'> {
  /** Cumulative: the extended documents' requirements first, then this document's own. */
  requirements: AppliedRequirement[];
  /** Cumulative test units (third-party levels only). */
  testUnits?: AppliedTestUnit[];
}

export type ChainProblem = (display: string, pointer: string, problem: string) => Error;

/** Resolves every document; `fail` builds the error for a file, pointer and problem. */
export function resolveCriteria(
  files: ReadonlyMap<string, CriteriaFile>,
  schemes: ReadonlyMap<string, SchemeFile>,
  displayOf: (id: string) => string,
  fail: ChainProblem,
): Map<string, CriteriaDocument> {
  const resolved = new Map<string, CriteriaDocument>();
  const resolve = (doc: CriteriaFile): CriteriaDocument => {
    const done = resolved.get(doc.id);
    if (done) return done;
    const display = displayOf(doc.id);
    const scheme = schemes.get(doc.scheme);
    const base = baseOf(doc, files, scheme, display, fail);
    const baseDoc = base ? resolve(base) : undefined;
    const origin = { criteria: doc.id, level: doc.level };
    const requirements = [...(baseDoc?.requirements ?? []), ...doc.requirements.map((r) => ({ ...r, origin }))];
    checkNoRepeats(doc, baseDoc, display, fail);
    const testUnits = resolveTestUnits(doc, baseDoc, requirements, scheme, display, fail);
    const { requirements: _own, testUnits: _ownUnits, ...facts } = doc;
    const result: CriteriaDocument = { ...facts, requirements, ...(testUnits && { testUnits }) };
    resolved.set(doc.id, result);
    return result;
  };
  for (const doc of files.values()) resolve(doc);
  return resolved;
}

/** Checks category and `extends`, and returns the document extended (none for ★1). */
function baseOf(doc: CriteriaFile, files: ReadonlyMap<string, CriteriaFile>, scheme: SchemeFile | undefined, display: string, fail: ChainProblem): CriteriaFile | undefined {
  const usesChain = doc.category !== undefined || doc.extends !== undefined || doc.testUnits !== undefined;
  if (!scheme) {
    if (usesChain) throw fail(display, '/scheme', `unknown scheme ${doc.scheme}`);
    return undefined;
  }
  if (doc.category !== undefined && !scheme.categories.some((c) => c.id === doc.category)) {
    throw fail(display, '/category', `unknown category ${doc.category} of scheme ${scheme.id}`);
  }
  if (doc.level === 1) {
    if (doc.extends !== undefined) throw fail(display, '/extends', 'a ★1 document is the common baseline and extends nothing');
    if (doc.category !== undefined) throw fail(display, '/category', 'a ★1 document is common to every category');
    return undefined;
  }
  if (doc.category === undefined) throw fail(display, '/category', `required: criteria of level ${doc.level} are category-specific`);
  if (doc.extends === undefined) throw fail(display, '/extends', `required: a level ${doc.level} document extends the level ${doc.level - 1} document (requirements are cumulative)`);
  const base = files.get(doc.extends);
  if (!base) throw fail(display, '/extends', `unknown criteria document ${doc.extends}`);
  if (base.scheme !== doc.scheme || base.level !== doc.level - 1) {
    throw fail(display, '/extends', `${base.id} is for ${base.scheme} level ${base.level}; a level ${doc.level} document extends one of level ${doc.level - 1}`);
  }
  if (base.category !== undefined && base.category !== doc.category) {
    throw fail(display, '/extends', `${base.id} is for category ${base.category}, not ${doc.category}`);
  }
  if (base.example && !doc.example) throw fail(display, '/example', `extends the example document ${base.id}, so it must be marked "example": true too`);
  return base;
}

/** No requirement or assessment item id of this document may repeat one of its base. */
function checkNoRepeats(doc: CriteriaFile, base: CriteriaDocument | undefined, display: string, fail: ChainProblem): void {
  if (!base) return;
  const taken = new Map(base.requirements.flatMap((r) => [r.id, ...r.items.map((i) => i.id)].map((id) => [id, r.origin.criteria] as const)));
  doc.requirements.forEach((r, i) => {
    [r.id, ...r.items.map((item) => item.id)].forEach((id, j) => {
      const where = taken.get(id);
      if (where) throw fail(display, j === 0 ? `/requirements/${i}/id` : `/requirements/${i}/items/${j - 1}/id`, `duplicate id ${id} (already in ${where})`);
    });
  });
}

/** Test units: only at third-party levels, known requirements, unique ids, every requirement covered. */
function resolveTestUnits(
  doc: CriteriaFile,
  base: CriteriaDocument | undefined,
  requirements: readonly AppliedRequirement[],
  scheme: SchemeFile | undefined,
  display: string,
  fail: ChainProblem,
): AppliedTestUnit[] | undefined {
  const isThirdParty = scheme?.levels.find((l) => l.level === doc.level)?.assessment === 'third-party';
  if (!isThirdParty) {
    if (doc.testUnits?.length) throw fail(display, '/testUnits', `level ${doc.level} is self-declared: only third-party levels have test units`);
    return undefined;
  }
  const known = new Set(requirements.map((r) => r.id));
  const units: AppliedTestUnit[] = [...(base?.testUnits ?? [])];
  const ids = new Set(units.map((u) => u.id));
  (doc.testUnits ?? []).forEach((unit, i) => {
    if (ids.has(unit.id)) throw fail(display, `/testUnits/${i}/id`, `duplicate test unit id ${unit.id}`);
    if (!known.has(unit.requirement)) throw fail(display, `/testUnits/${i}/requirement`, `unknown requirement ${unit.requirement} (not in this document or the ones it extends)`);
    ids.add(unit.id);
    units.push({ ...unit, origin: { criteria: doc.id, level: doc.level } });
  });
  const covered = new Set(units.map((u) => u.requirement));
  const uncovered = requirements.filter((r) => !covered.has(r.id)).map((r) => r.id);
  if (uncovered.length) throw fail(display, '/testUnits', `level ${doc.level} is evaluated by a third party: no test unit for ${uncovered.join(', ')}`);
  return units;
}
