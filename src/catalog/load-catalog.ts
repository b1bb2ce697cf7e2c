/**
 * Loads and validates the scheme catalogue (catalog/*.json). A broken file stops start-up with an
 * error naming the file and the field. The result is immutable for the life of the process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import {
  CriteriaFile,
  RecognitionFile,
  ReferenceFile,
  SchemeFile,
  type Level,
} from './catalog.schema.ts';
import { resolveCriteria, type CriteriaDocument } from './cumulative-criteria.ts';

export type { AppliedRequirement, AppliedTestUnit, CriteriaDocument } from './cumulative-criteria.ts';

export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly pointer: string,
    problem: string,
  ) {
    super(`catalogue file ${file}: ${pointer || '/'}: ${problem}`);
    this.name = 'CatalogError';
  }
}

export interface Catalog {
  readonly schemes: ReadonlyMap<string, SchemeFile>;
  /**
   * Criteria documents by id. `requirements` (and `testUnits`) are cumulative: a ★2 document
   * carries the ★1 requirements it extends, then its own, each tagged with its `origin`.
   */
  readonly criteria: ReadonlyMap<string, CriteriaDocument>;
  readonly references: ReadonlyMap<string, ReferenceFile>;
  /** Mutual-recognition rules between schemes (catalog/recognitions/). */
  readonly recognitions: ReadonlyMap<string, RecognitionFile>;
  /** The scheme this registry runs. */
  readonly jcStar: SchemeFile;
  level(level: number): Level | undefined;
  /**
   * The criteria document in force for new applications at a level (the last listed). Above ★1
   * documents are category-specific: only one for `category` counts.
   */
  currentCriteria(level: number, category?: string): CriteriaDocument | undefined;
}

const KINDS = { criteria: CriteriaFile, scheme: SchemeFile, reference: ReferenceFile, recognition: RecognitionFile } as const;

function readJson(file: string, display: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CatalogError(display, '', `not readable JSON (${(error as Error).message})`);
  }
}

function check<T extends TSchema>(schema: T, value: unknown, display: string): void {
  const first = Value.Errors(schema, value).First();
  if (first) throw new CatalogError(display, first.path, `${first.message} (found ${JSON.stringify(first.value)})`);
}

function listJsonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export function loadCatalog(dir: string): Catalog {
  if (!fs.existsSync(dir)) throw new CatalogError(dir, '', 'catalogue directory does not exist (set CATALOG_DIR)');
  const schemes = new Map<string, SchemeFile>();
  const criteria = new Map<string, CriteriaFile>();
  const references = new Map<string, ReferenceFile>();
  const recognitions = new Map<string, RecognitionFile>();
  const origin = new Map<string, string>();

  for (const file of listJsonFiles(dir)) {
    const display = path.relative(process.cwd(), file) || file;
    const data = readJson(file, display) as { kind?: unknown };
    const kind = data?.kind;
    if (typeof kind !== 'string' || !(kind in KINDS)) {
      throw new CatalogError(display, '/kind', `must be one of ${Object.keys(KINDS).join(', ')}`);
    }
    check(KINDS[kind as keyof typeof KINDS], data, display);
    const target = { criteria, scheme: schemes, reference: references, recognition: recognitions }[kind as keyof typeof KINDS] as Map<string, unknown>;
    const id = (data as { id: string }).id;
    if (target.has(id)) throw new CatalogError(display, '/id', `duplicate ${kind} id ${id} (also in ${origin.get(`${kind}:${id}`)})`);
    target.set(id, data);
    origin.set(`${kind}:${id}`, display);
  }

  // Cross-file references: levels name existing criteria; mappings name existing provisions.
  const provisions = new Set([...references.values()].flatMap((r) => r.provisions.map((p) => p.id)));
  for (const scheme of schemes.values()) {
    const display = origin.get(`scheme:${scheme.id}`)!;
    scheme.levels.forEach((level, i) =>
      level.criteria.forEach((id, j) => {
        const doc = criteria.get(id);
        if (!doc) throw new CatalogError(display, `/levels/${i}/criteria/${j}`, `unknown criteria document ${id}`);
        if (doc.level !== level.level || doc.scheme !== scheme.id) {
          throw new CatalogError(display, `/levels/${i}/criteria/${j}`, `${id} is for ${doc.scheme} level ${doc.level}`);
        }
      }),
    );
    scheme.requirements.forEach((r, i) => checkProvisions(r.etsiProvisions, provisions, display, `/requirements/${i}`));
    checkFeeOverlaps(scheme, display);
  }
  for (const doc of criteria.values()) {
    const display = origin.get(`criteria:${doc.id}`)!;
    const ids = new Set<string>();
    doc.requirements.forEach((r, i) => {
      checkProvisions(r.etsiProvisions, provisions, display, `/requirements/${i}`);
      for (const [j, id] of [r.id, ...r.items.map((item) => item.id)].entries()) {
        if (ids.has(id)) throw new CatalogError(display, j === 0 ? `/requirements/${i}/id` : `/requirements/${i}/items/${j - 1}/id`, `duplicate id ${id}`);
        ids.add(id);
      }
    });
  }

  const jcStar = schemes.get('jc-star');
  if (!jcStar) throw new CatalogError(dir, '', 'no scheme with id "jc-star" found');
  checkRecognitions(recognitions, schemes, criteria, origin);
  const documents = resolveCriteria(criteria, schemes, (id) => origin.get(`criteria:${id}`)!, (file, pointer, problem) => new CatalogError(file, pointer, problem));

  for (const map of [schemes, documents, references, recognitions]) for (const value of map.values()) deepFreeze(value);
  return Object.freeze({
    schemes: readonlyMap(schemes),
    criteria: readonlyMap(documents),
    references: readonlyMap(references),
    recognitions: readonlyMap(recognitions),
    jcStar,
    level: (level: number) => jcStar.levels.find((l) => l.level === level),
    currentCriteria(level: number, category?: string) {
      const ids = jcStar.levels.find((l) => l.level === level)?.criteria ?? [];
      for (let i = ids.length - 1; i >= 0; i--) {
        const doc = documents.get(ids[i]!)!;
        if (doc.category === undefined || doc.category === category) return doc;
      }
      return undefined;
    },
  });
}

function checkProvisions(ids: readonly string[], known: Set<string>, display: string, at: string): void {
  ids.forEach((id, k) => {
    if (!known.has(id)) throw new CatalogError(display, `${at}/etsiProvisions/${k}`, `unknown provision ${id}`);
  });
}

/** Two fees for the same level and route must not both apply on one date. */
function checkFeeOverlaps(scheme: SchemeFile, display: string): void {
  scheme.fees.forEach((a, i) =>
    scheme.fees.forEach((b, j) => {
      if (j <= i || a.level !== b.level || a.route !== b.route) return;
      const aFrom = a.effectiveFrom ?? '0000-00-00';
      const aUntil = a.effectiveUntil ?? '9999-99-99';
      const bFrom = b.effectiveFrom ?? '0000-00-00';
      const bUntil = b.effectiveUntil ?? '9999-99-99';
      if (aFrom <= bUntil && bFrom <= aUntil) {
        throw new CatalogError(display, `/fees/${j}`, `overlaps /fees/${i} (level ${a.level}, route ${a.route})`);
      }
    }),
  );
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A copy of the map whose set/delete/clear throw: the catalogue cannot change after loading. */
function readonlyMap<K, V>(source: Map<K, V>): ReadonlyMap<K, V> {
  const copy = new Map(source);
  const refuse = () => {
    throw new TypeError('The catalogue is read-only');
  };
  for (const method of ['set', 'delete', 'clear'] as const) Object.defineProperty(copy, method, { value: refuse });
  return Object.freeze(copy);
}

/**
 * Recognition rules must name existing schemes, criteria and target requirements, and two rules
 * for the same pair (and route) must not be in force on the same day.
 */
function checkRecognitions(
  recognitions: Map<string, RecognitionFile>,
  schemes: Map<string, SchemeFile>,
  criteria: Map<string, CriteriaFile>,
  origin: Map<string, string>,
): void {
  const rules = [...recognitions.values()];
  for (const rule of rules) {
    const display = origin.get(`recognition:${rule.id}`)!;
    for (const side of ['source', 'target'] as const) {
      const ref = rule[side];
      if (!schemes.has(ref.scheme)) throw new CatalogError(display, `/${side}/scheme`, `rule ${rule.id}: unknown scheme ${ref.scheme}`);
      if (ref.criteria) {
        const doc = criteria.get(ref.criteria);
        if (!doc || doc.scheme !== ref.scheme) throw new CatalogError(display, `/${side}/criteria`, `rule ${rule.id}: unknown criteria ${ref.criteria} for ${ref.scheme}`);
      }
    }
    const known = new Set(
      rule.target.criteria
        ? criteria.get(rule.target.criteria)!.requirements.map((r) => r.id)
        : schemes.get(rule.target.scheme)!.requirements.map((r) => r.id),
    );
    rule.recognizedRequirements.forEach((id, i) => {
      if (!known.has(id)) throw new CatalogError(display, `/recognizedRequirements/${i}`, `rule ${rule.id}: unknown requirement ${id} of ${rule.target.criteria ?? rule.target.scheme}`);
    });
    if (rule.effectiveUntil && rule.effectiveUntil < rule.effectiveFrom) {
      throw new CatalogError(display, '/effectiveUntil', `rule ${rule.id}: ends before it starts`);
    }
  }
  const pair = (r: RecognitionFile) => JSON.stringify([r.source.scheme, r.source.level ?? 0, r.target.scheme, r.target.level ?? 0, r.route ?? '']);
  rules.forEach((a, i) =>
    rules.slice(i + 1).forEach((b) => {
      if (pair(a) !== pair(b)) return;
      if (a.effectiveFrom <= (b.effectiveUntil ?? '9999-12-31') && b.effectiveFrom <= (a.effectiveUntil ?? '9999-12-31')) {
        throw new CatalogError(origin.get(`recognition:${b.id}`)!, '/effectiveFrom', `rule ${b.id} overlaps rule ${a.id} for the same schemes and route`);
      }
    }),
  );
}
