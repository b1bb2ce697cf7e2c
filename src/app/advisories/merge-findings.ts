/**
 * From per-CSAF-product facts to one finding per (vulnerability, registered product). Advisories
 * usually list every firmware version as its own product ("NC-200 1.4.2" affected, "NC-200 1.4.3"
 * fixed) while the registry knows the model, so several CSAF products often stand for one of ours.
 * The merged finding takes the most severe status (some units in the field are still affected),
 * the CVSS score of the worst case, and every remediation; it keeps the contributing CSAF products
 * with their own statuses for the record. Pure.
 */
import { STATUS_SEVERITY, type CsafFinding, type Cvss, type FindingStatus, type Remediation } from './csaf-findings.ts';
import { pushTo } from './csaf-products.ts';
import type { MatchedBy, ProductMatch } from './match-products.ts';

export interface CsafProductRef {
  id: string;
  name: string;
  status: FindingStatus;
  matchedBy: MatchedBy;
}

export interface MergedFinding {
  productId: string;
  vulnerability: number;
  cve: string | null;
  title: string | null;
  status: FindingStatus;
  justification: string | null;
  impactStatement: string | null;
  cvss: Cvss | null;
  remediations: Remediation[];
  csafProducts: CsafProductRef[];
}

function worse(a: Cvss | null, b: Cvss | null): Cvss | null {
  if (!a || !b) return a ?? b;
  const major = (c: Cvss) => Math.floor(Number.parseFloat(c.version) || 0);
  if (major(a) !== major(b)) return major(b) > major(a) ? b : a;
  return b.baseScore > a.baseScore ? b : a;
}

export function mergeFindings(findings: readonly CsafFinding[], matched: readonly ProductMatch[]): MergedFinding[] {
  const matchesOf = new Map<string, ProductMatch[]>();
  for (const m of matched) pushTo(matchesOf, m.csafProductId, m);

  const merged = new Map<string, MergedFinding>();
  for (const f of findings) {
    for (const m of matchesOf.get(f.csafProductId) ?? []) {
      const key = `${f.vulnerability}\u0000${m.productId}`;
      const ref: CsafProductRef = { id: f.csafProductId, name: m.name, status: f.status, matchedBy: m.matchedBy };
      const current = merged.get(key);
      if (!current) {
        merged.set(key, {
          productId: m.productId,
          vulnerability: f.vulnerability,
          cve: f.cve,
          title: f.title,
          status: f.status,
          justification: f.justification,
          impactStatement: f.impactStatement,
          cvss: f.cvss,
          remediations: [...f.remediations],
          csafProducts: [ref],
        });
        continue;
      }
      current.csafProducts.push(ref);
      if (STATUS_SEVERITY[f.status] > STATUS_SEVERITY[current.status]) current.status = f.status;
      current.justification ??= f.justification;
      if (f.impactStatement && !current.impactStatement?.includes(f.impactStatement)) {
        current.impactStatement = current.impactStatement ? `${current.impactStatement}\n${f.impactStatement}` : f.impactStatement;
      }
      current.cvss = worse(current.cvss, f.cvss);
      for (const r of f.remediations) {
        if (!current.remediations.some((x) => x.category === r.category && x.details === r.details && x.url === r.url)) current.remediations.push(r);
      }
    }
  }
  const result = [...merged.values()];
  // A not-affected justification means nothing once another version is affected or fixed.
  for (const f of result) if (f.status !== 'known_not_affected') f.justification = null;
  return result.sort((a, b) => a.vulnerability - b.vulnerability);
}
