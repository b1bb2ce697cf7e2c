/**
 * What happens when a vendor's advisory is imported (or a new revision of it): each matched
 * product's labels get a transparency-log leaf (their public record now shows the findings), and
 * subscribers get one `advisory.published` event per product.
 */
import type { AppContext, Trx } from '../context.ts';
import { labelUrl } from '../labels/public-label.ts';
import { logLabelEvent } from '../transparency/log-leaf.ts';
import { labelsShowing } from './affected-labels.ts';
import { recordNotificationEvent } from './notification-events.ts';

export async function publishAdvisoryEvents(
  ctx: AppContext,
  trx: Trx,
  input: { advisoryId: string; productIds: readonly string[]; at: Date },
): Promise<void> {
  const advisory = await trx
    .selectFrom('advisories')
    .select(['vendor_id', 'tracking_id', 'revision', 'title', 'current_release_date'])
    .where('id', '=', input.advisoryId)
    .executeTakeFirstOrThrow();
  for (const productId of [...new Set(input.productIds)].sort()) {
    const product = await trx.selectFrom('products').select(['name_ja', 'name_en']).where('id', '=', productId).executeTakeFirstOrThrow();
    const findings = await trx
      .selectFrom('advisory_findings')
      .select(['cve', 'status', 'cvss_base_score'])
      .where('advisory_id', '=', input.advisoryId)
      .where('product_id', '=', productId)
      .execute();
    const labels = await labelsShowing(trx, { productId }, input.at);
    for (const label of labels) await logLabelEvent(ctx, trx, label.id, 'label.security_info_changed', input.at);
    await recordNotificationEvent(ctx, trx, {
      type: 'advisory.published',
      at: input.at,
      vendorId: advisory.vendor_id,
      productId,
      labelId: labels[0]?.id ?? null,
      dedupeKey: `advisory.published:${input.advisoryId}:${advisory.revision}:${productId}`,
      data: {
        advisory: { trackingId: advisory.tracking_id, revision: advisory.revision, title: advisory.title, currentReleaseDate: advisory.current_release_date },
        product: { id: productId, name: { ja: product.name_ja, en: product.name_en } },
        vulnerabilities: findings.map((f) => ({ cve: f.cve, status: f.status, cvssBaseScore: f.cvss_base_score })),
        labels: labels.map((l) => ({ registrationNumber: l.registration_number, url: labelUrl(ctx.publicBaseUrl, l.registration_number) })),
      },
    });
  }
}
