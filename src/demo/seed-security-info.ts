/**
 * The demo's live security information, loaded through the use cases like the rest of the demo:
 * a CSAF advisory on Aoba Vision's cameras (fixed, affected without a fix for months, not
 * affected, under investigation), a firmware update, an extended support period, and security.txt
 * files, one of which has since expired. Together they make every derived warning visible.
 */
import type { Actor, AppContext } from '../app/context.ts';
import { importAdvisory } from '../app/advisories/import-advisory.ts';
import { announceUpdate } from '../app/security-info/product-updates.ts';
import { extendSupportPeriod } from '../app/security-info/support-period.ts';
import { fileSecurityTxt } from '../app/security-info/vendor-security-txt.ts';
import { addDays, jstDate } from '../domain/time.ts';
import { demoAdvisory } from './demo-advisory.ts';

async function productByModel(ctx: AppContext, modelNumber: string): Promise<string> {
  const row = await ctx.db.selectFrom('product_model_numbers').select('product_id').where('model_number', '=', modelNumber).executeTakeFirstOrThrow();
  return row.product_id;
}

function securityTxt(domain: string, expires: Date): string {
  return [
    `# security.txt of ${domain} (demo)`,
    `Contact: mailto:psirt@${domain}`,
    `Contact: https://${domain}/psirt/report`,
    `Expires: ${expires.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    `Policy: https://${domain}/psirt/policy`,
    `Canonical: https://${domain}/.well-known/security.txt`,
    'Preferred-Languages: ja, en',
    '',
  ].join('\r\n');
}

export async function seedSecurityInformation(
  ctx: AppContext,
  at: (days: number) => void,
  vendors: ReadonlyMap<string, Actor>,
): Promise<void> {
  const aoba = vendors.get('aoba-vision')!;
  const kasumi = vendors.get('kasumi-net')!;
  const lionpoint = vendors.get('lionpoint')!;

  // security.txt: Lionpoint's was filed long ago and has expired since; the others are current.
  at(-400);
  await fileSecurityTxt(ctx, lionpoint, lionpoint.vendorId!, securityTxt('lionpoint.example.com', addDays(ctx.clock.now(), 380)));
  at(-60);
  await fileSecurityTxt(ctx, aoba, aoba.vendorId!, securityTxt('aoba-vision.example.jp', addDays(ctx.clock.now(), 300)));
  await fileSecurityTxt(ctx, kasumi, kasumi.vendorId!, securityTxt('kasumi-net.example.jp', addDays(ctx.clock.now(), 330)));

  // An advisory on three cameras, first published 150 days ago, revised after the fix shipped.
  at(-150);
  const published = ctx.clock.now();
  await importAdvisory(ctx, aoba, { document: demoAdvisory({ initial: published, current: published, revision: 1 }) });
  at(-140);
  const indoor = await productByModel(ctx, 'AV-IC200');
  await announceUpdate(ctx, aoba, indoor, {
    version: '2.1.4',
    releasedOn: jstDate(ctx.clock.now()),
    notesJa: '認証回避の脆弱性（CVE-2026-21001）を修正しました。自動更新を有効にしている場合は、自動で適用されます。',
    notesEn: 'Fixes the authentication bypass (CVE-2026-21001). Applied automatically when automatic updates are on.',
    url: 'https://aoba-vision.example.jp/support/firmware/av-ic200',
  });
  await importAdvisory(ctx, aoba, { document: demoAdvisory({ initial: published, current: ctx.clock.now(), revision: 2 }) });

  // Kasumi extends the support of its flagship router by two years.
  at(-20);
  const router = await productByModel(ctx, 'KR-BE5000');
  await extendSupportPeriod(ctx, kasumi, router, { endsOn: '2032-12-31', note: 'Extended with the 2026 firmware platform. / 2026年のファームウェア基盤への移行に伴い延長。' });
}
