/**
 * What a CSAF document says about each product, per vulnerability, normalized to the four VEX
 * statuses we store. CSAF spreads the facts over several lists (product_status, flags, threats,
 * scores, remediations) that name products directly or through product groups; this collects
 * them per product id. Pure.
 */
import { asArray, asString, isObject, pushTo, strings } from './csaf-products.ts';

export const FINDING_STATUSES = ['known_affected', 'fixed', 'known_not_affected', 'under_investigation'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** CSAF product_status lists → our status. `recommended` is not a status and is only noted. */
export const STATUS_OF_LIST: Readonly<Record<string, FindingStatus>> = {
  first_affected: 'known_affected',
  known_affected: 'known_affected',
  last_affected: 'known_affected',
  fixed: 'fixed',
  first_fixed: 'fixed',
  known_not_affected: 'known_not_affected',
  under_investigation: 'under_investigation',
};

/** When several CSAF products stand for one of ours, the most severe status wins. */
export const STATUS_SEVERITY: Readonly<Record<FindingStatus, number>> = {
  known_affected: 3,
  under_investigation: 2,
  fixed: 1,
  known_not_affected: 0,
};

export interface Cvss {
  version: string;
  baseScore: number;
  severity: string | null;
  vector: string;
}

export interface Remediation {
  category: string;
  details: string;
  url: string | null;
}

export interface CsafFinding {
  /** Index into `vulnerabilities`. */
  vulnerability: number;
  cve: string | null;
  title: string | null;
  csafProductId: string;
  status: FindingStatus;
  /** VEX flag label (e.g. vulnerable_code_not_present); only for known_not_affected. */
  justification: string | null;
  /** Details of `impact` threats that name the product. */
  impactStatement: string | null;
  cvss: Cvss | null;
  remediations: Remediation[];
}

/**
 * Indexes entries (flags, threats, scores, remediations) by the products they name: directly
 * (`product_ids`, or `products` for scores) or through `group_ids`. One pass over the lists, so a
 * large document costs its size, not products × entries.
 */
function byProduct(entries: Array<Record<string, unknown>>, groups: Map<string, string[]>): Map<string, Array<Record<string, unknown>>> {
  const index = new Map<string, Array<Record<string, unknown>>>();
  for (const entry of entries) {
    const ids = new Set([...strings(entry.product_ids), ...strings(entry.products)]);
    for (const groupId of new Set(strings(entry.group_ids))) for (const id of groups.get(groupId) ?? []) ids.add(id);
    for (const id of ids) pushTo(index, id, entry);
  }
  return index;
}

function cvssOf(score: Record<string, unknown>): Cvss | null {
  for (const key of ['cvss_v3', 'cvss_v2'] as const) {
    const c = score[key];
    if (!isObject(c) || typeof c.baseScore !== 'number' || typeof c.vectorString !== 'string') continue;
    return { version: asString(c.version) ?? (key === 'cvss_v3' ? '3' : '2'), baseScore: c.baseScore, severity: asString(c.baseSeverity), vector: c.vectorString };
  }
  return null;
}

/** Prefers CVSS v3 over v2, then the newer minor version. */
function better(a: Cvss | null, b: Cvss | null): Cvss | null {
  if (!a || !b) return a ?? b;
  return Number.parseFloat(b.version) > Number.parseFloat(a.version) ? b : a;
}

export function readFindings(document: unknown, groups: Map<string, string[]>): CsafFinding[] {
  const findings: CsafFinding[] = [];
  const vulnerabilities = isObject(document) ? asArray(document.vulnerabilities) : [];
  vulnerabilities.forEach((v, index) => {
    if (!isObject(v)) return;
    const statusLists = isObject(v.product_status) ? v.product_status : {};
    const status = new Map<string, FindingStatus>();
    for (const [list, normalized] of Object.entries(STATUS_OF_LIST)) {
      for (const id of strings(statusLists[list])) {
        const current = status.get(id);
        if (!current || STATUS_SEVERITY[normalized] > STATUS_SEVERITY[current]) status.set(id, normalized);
      }
    }
    if (!status.size) return;
    const flags = byProduct(asArray(v.flags).filter(isObject), groups);
    const threats = byProduct(asArray(v.threats).filter(isObject).filter((t) => t.category === 'impact'), groups);
    const scores = byProduct(asArray(v.scores).filter(isObject), groups);
    const remediations = byProduct(asArray(v.remediations).filter(isObject), groups);
    for (const [csafProductId, s] of status) {
      const flag = s === 'known_not_affected' ? flags.get(csafProductId)?.[0] : undefined;
      const impact = (threats.get(csafProductId) ?? []).map((t) => asString(t.details)).filter((d): d is string => !!d);
      findings.push({
        vulnerability: index,
        cve: asString(v.cve),
        title: asString(v.title),
        csafProductId,
        status: s,
        justification: flag ? asString(flag.label) : null,
        impactStatement: impact.length ? impact.join('\n') : null,
        cvss: (scores.get(csafProductId) ?? []).map(cvssOf).reduce(better, null),
        remediations: (remediations.get(csafProductId) ?? []).map((r) => ({ category: asString(r.category) ?? '', details: asString(r.details) ?? '', url: asString(r.url) })),
      });
    }
  });
  return findings;
}

/** Pairs of (vulnerability, product) a document lists under `recommended`, for the report. */
export function readRecommended(document: unknown): Array<{ vulnerability: number; cve: string | null; csafProductId: string }> {
  const vulnerabilities = isObject(document) ? asArray(document.vulnerabilities) : [];
  return vulnerabilities.flatMap((v, vulnerability) =>
    isObject(v) && isObject(v.product_status)
      ? strings(v.product_status.recommended).map((csafProductId) => ({ vulnerability, cve: asString(v.cve), csafProductId }))
      : [],
  );
}
