/**
 * A product's live security information, as the public sees it at an instant: the support period
 * with every declaration, update releases, vulnerabilities from imported advisories (VEX-style
 * status), the vendor's security.txt, derived warnings, and one timeline of all of it plus the
 * label's status changes, newest first. Public facts only.
 */
import { jstDate } from '../../domain/time.ts';
import { deriveSecurityWarnings, type SecurityWarning } from '../../domain/security-warnings.ts';
import type { Db } from '../../store/database.ts';
import { loadProductFindings, type PublicProductFinding } from '../advisories/product-findings.ts';
import type { AppContext, Trx } from '../context.ts';

/** A vulnerability finding as the product page shows it (from the vendor's CSAF advisories). */
export type PublicVulnerability = PublicProductFinding;

export interface PublicUpdate {
  version: string;
  releasedOn: string;
  notes: { ja: string | null; en: string | null };
  url: string | null;
}

export interface PublicSecurityTxt {
  contact: string[];
  policy: string[];
  canonical: string[];
  expiresAt: string | null;
  expired: boolean;
}

export interface TimelineEntry {
  /** support.declared, support.extended, update.released, advisory.published, label.<event> */
  type: string;
  at: string;
  summary: Record<string, string | number | null>;
}

export interface SecurityInformation {
  supportEndsOn: string | null;
  isSupportEnded: boolean | null;
  supportHistory: Array<{ endsOn: string; declaredAt: string; note: string | null }>;
  updates: PublicUpdate[];
  vulnerabilities: PublicVulnerability[];
  securityTxt: PublicSecurityTxt | null;
  warnings: SecurityWarning[];
}

export const DEFAULT_SECURITY_POLICY = { unfixedMaxAgeDays: 90, expiringWithinDays: 90 };

type Reader = Db | Trx;

/**
 * Loads the security information of one product as of `instant` (facts recorded after it are
 * left out, so `?at=` shows the page as it was).
 */
export async function loadSecurityInformation(
  ctx: AppContext,
  db: Reader,
  product: { id: string; vendorId: string },
  label: { status: string; expiresAt: string } | null,
  instant: Date,
): Promise<SecurityInformation> {
  const at = instant.toISOString();
  const [declarations, updates, findings, securityTxt] = await Promise.all([
    db.selectFrom('support_declarations').select(['ends_on', 'declared_at', 'note'])
      .where('product_id', '=', product.id).where('declared_at', '<=', at)
      .orderBy('declared_at', 'desc').orderBy('id', 'desc').execute(),
    db.selectFrom('product_updates').select(['version', 'released_on', 'notes_ja', 'notes_en', 'url'])
      .where('product_id', '=', product.id).where('created_at', '<=', at)
      .orderBy('released_on', 'desc').orderBy('id', 'desc').execute(),
    loadProductFindings(db, [product.id]),
    db.selectFrom('security_txt').select(['report', 'expires_at']).where('vendor_id', '=', product.vendorId).where('updated_at', '<=', at).executeTakeFirst(),
  ]);
  // The support end in force at `instant` is the newest declaration up to then.
  const supportEndsOn = declarations[0]?.ends_on ?? null;
  // `?at=`: a finding counts from when it was first recorded (later revisions' changes of status are not replayed).
  const vulnerabilities = findings.get(product.id)!.filter((f) => f.firstSeenAt <= at);
  const txt = securityTxt ? publicSecurityTxt(securityTxt.report, securityTxt.expires_at, instant) : null;
  const policy = { ...DEFAULT_SECURITY_POLICY, ...ctx.securityPolicy };
  return {
    supportEndsOn,
    isSupportEnded: supportEndsOn ? supportEndsOn < jstDate(instant) : null,
    supportHistory: declarations.map((d) => ({ endsOn: d.ends_on, declaredAt: d.declared_at, note: d.note })),
    updates: updates.map((u) => ({ version: u.version, releasedOn: u.released_on, notes: { ja: u.notes_ja, en: u.notes_en }, url: u.url })),
    vulnerabilities,
    securityTxt: txt,
    warnings: deriveSecurityWarnings({
      instant,
      labelStatus: label?.status ?? null,
      labelExpiresAt: label?.expiresAt ?? null,
      supportEndsOn,
      unfixed: vulnerabilities.filter((v) => v.status === 'known_affected').map((v) => ({ cve: v.cve, firstSeenAt: v.firstSeenAt })),
      securityTxtExpiresAt: txt?.expiresAt ?? null,
      policy,
    }),
  };
}

function publicSecurityTxt(reportJson: string, expiresAt: string | null, instant: Date): PublicSecurityTxt {
  const report = JSON.parse(reportJson) as { fields: { contact: string[]; policy: string[]; canonical: string[] } };
  return {
    contact: report.fields.contact,
    policy: report.fields.policy,
    canonical: report.fields.canonical,
    expiresAt,
    expired: expiresAt !== null && Date.parse(expiresAt) <= instant.getTime(),
  };
}

/**
 * One timeline, newest first: support declarations, update releases, advisories (one entry per
 * advisory revision), and the label's own events.
 */
export function securityTimeline(
  info: SecurityInformation,
  labelHistory: ReadonlyArray<{ event: string; at: string; reason: string | null; expiresAt: string | null }>,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const declarations = [...info.supportHistory].reverse();
  declarations.forEach((d, i) => {
    entries.push({
      type: i === 0 ? 'support.declared' : 'support.extended',
      at: d.declaredAt,
      summary: { supportEndsOn: d.endsOn, previousSupportEndsOn: i === 0 ? null : declarations[i - 1]!.endsOn, note: d.note },
    });
  });
  for (const u of info.updates) entries.push({ type: 'update.released', at: `${u.releasedOn}T00:00:00.000+09:00`, summary: { version: u.version, notesJa: u.notes.ja, notesEn: u.notes.en, url: u.url } });
  const advisories = new Map<string, { v: PublicVulnerability; cves: string[] }>();
  for (const v of info.vulnerabilities) {
    const key = `${v.advisory.trackingId} ${v.advisory.revision}`;
    const entry = advisories.get(key) ?? { v, cves: [] };
    if (v.cve && !entry.cves.includes(v.cve)) entry.cves.push(v.cve);
    advisories.set(key, entry);
  }
  for (const { v, cves } of advisories.values()) {
    entries.push({
      type: 'advisory.published',
      at: v.advisory.currentReleaseDate,
      summary: { trackingId: v.advisory.trackingId, revision: v.advisory.revision, title: v.advisory.title, cves: cves.join(' ') || null },
    });
  }
  for (const e of labelHistory) entries.push({ type: `label.${e.event}`, at: e.at, summary: { reason: e.reason, expiresAt: e.expiresAt } });
  return entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
