/**
 * A vendor's security.txt (RFC 9116), pasted in the portal or sent by API. It is checked before it
 * is kept: a file without Contact or Expires, or already expired, is refused with every problem
 * listed. Kept files are re-judged at read time, so one that expires later shows a warning.
 */
import { DomainError } from '../../domain/errors.ts';
import { parseSecurityTxt, type SecurityTxtReport } from '../../domain/security-txt.ts';
import { recordAudit } from '../audit.ts';
import { requirePermission, requireVendorScope, type Actor, type AppContext } from '../context.ts';
import { bumpPublicVersion } from '../public-version.ts';
import { logLabelEvent } from '../transparency/log-leaf.ts';
import { inTransaction } from '../transaction.ts';
import { labelsShowing } from './affected-labels.ts';

export interface SecurityTxtView {
  vendorId: string;
  raw: string;
  report: SecurityTxtReport;
  updatedAt: string;
}

export async function fileSecurityTxt(ctx: AppContext, actor: Actor, vendorId: string, text: string): Promise<SecurityTxtView> {
  requirePermission(actor, 'products:write');
  requireVendorScope(actor, vendorId, 'vendor');
  const now = ctx.clock.now();
  const report = parseSecurityTxt(text, now);
  const errors = report.issues.filter((i) => i.severity === 'error');
  if (errors.length) {
    throw new DomainError(
      'SECURITY_TXT_INVALID',
      `${errors.length} problem(s): ${errors.map((e) => e.message).join('; ')}`,
      errors.map((e) => ({ pointer: e.line ? `/text/line/${e.line}` : '/text', detail: `${e.code}: ${e.message}` })),
      { issues: report.issues },
    );
  }
  return inTransaction(ctx, async (trx) => {
    const vendor = await trx.selectFrom('vendors').select('id').where('id', '=', vendorId).executeTakeFirst();
    if (!vendor) throw new DomainError('NOT_FOUND', 'No such vendor');
    const before = await trx.selectFrom('security_txt').selectAll().where('vendor_id', '=', vendorId).executeTakeFirst();
    const row = { vendor_id: vendorId, raw: text, report: JSON.stringify(report), expires_at: report.fields.expires ? new Date(report.fields.expires).toISOString() : null, updated_at: now.toISOString(), updated_by: actor.userId };
    if (before) await trx.updateTable('security_txt').set(row).where('vendor_id', '=', vendorId).execute();
    else await trx.insertInto('security_txt').values(row).execute();
    // Every label of the vendor shows the file, so each public record changed.
    const labels = await labelsShowing(trx, { vendorId }, now);
    for (const label of labels) await logLabelEvent(ctx, trx, label.id, 'label.security_info_changed', now);
    await bumpPublicVersion(ctx, trx);
    await recordAudit(trx, ctx, actor, now, { action: 'vendor.security_txt_filed', entityType: 'vendor', entityId: vendorId, before: before ?? null, after: row });
    return { vendorId, raw: text, report, updatedAt: row.updated_at };
  });
}

/** The stored file with a fresh check (expiry is judged now, not when it was filed). */
export async function getSecurityTxt(ctx: AppContext, vendorId: string): Promise<SecurityTxtView> {
  const row = await ctx.db.selectFrom('security_txt').selectAll().where('vendor_id', '=', vendorId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'This vendor has not filed a security.txt');
  return { vendorId, raw: row.raw, report: parseSecurityTxt(row.raw, ctx.clock.now()), updatedAt: row.updated_at };
}
