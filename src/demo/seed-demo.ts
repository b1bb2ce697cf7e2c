/**
 * Loads the demo dataset through the real use cases (never raw SQL), with the clock moved to
 * past instants, so every label has a believable history and every audit event exists. Dates are
 * relative to the moment of seeding: the demo always shows labels in every status.
 */
import { SYSTEM_ACTOR, type Actor, type AppContext } from '../app/context.ts';
import { createApplication } from '../app/applications/create-application.ts';
import { acceptApplication, recordPayment, rejectApplication, returnApplication } from '../app/applications/review-application.ts';
import { submitApplication } from '../app/applications/submit-application.ts';
import { updateApplication } from '../app/applications/update-application.ts';
import { changeLabelStatus } from '../app/labels/change-label-status.ts';
import { issueLabel } from '../app/labels/issue-label.ts';
import { createProduct } from '../app/products/create-product.ts';
import { createUser } from '../app/users/create-user.ts';
import { createVendor } from '../app/vendors/create-vendor.ts';
import { approvePstiListing, requestPstiListing } from '../app/recognition/psti-listings.ts';
import type { ChecklistAnswer } from '../domain/checklist.ts';
import { jstDate } from '../domain/time.ts';
import { demoChecklist } from './demo-checklist.ts';
import { addDays } from '../domain/time.ts';
import { DEMO_PRODUCTS, DEMO_VENDORS, type DemoProduct } from './demo-data.ts';
import { seedSecurityInformation } from './seed-security-info.ts';
import { seedEvaluationDemo } from './demo-evaluation.ts';

export const DEMO_PASSWORD = 'hoshi-demo-password';
export const DEMO_LOGINS = {
  operatorAdmin: 'admin@demo.hoshi.example',
  reviewer: 'reviewer@demo.hoshi.example',
} as const;

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

export async function isDatabaseEmpty(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

export async function seedDemo(baseCtx: AppContext): Promise<DemoLogin[]> {
  const start = baseCtx.clock.now();
  let now = start;
  const ctx: AppContext = { ...baseCtx, clock: { now: () => now } };
  const at = (daysFromStart: number) => {
    now = addDays(start, daysFromStart);
  };

  at(-600);
  const admin = await createUser(ctx, SYSTEM_ACTOR, { email: DEMO_LOGINS.operatorAdmin, displayName: 'Demo operator admin / デモ運営管理者', password: DEMO_PASSWORD, role: 'operator_admin' });
  const reviewerUser = await createUser(ctx, SYSTEM_ACTOR, { email: DEMO_LOGINS.reviewer, displayName: 'Demo reviewer / デモ審査担当', password: DEMO_PASSWORD, role: 'reviewer' });
  const adminActor: Actor = { userId: admin.id, role: 'operator_admin', vendorId: null };
  const reviewer: Actor = { userId: reviewerUser.id, role: 'reviewer', vendorId: null };

  const logins: DemoLogin[] = [
    { role: 'operator_admin', email: admin.email, password: DEMO_PASSWORD },
    { role: 'reviewer', email: reviewerUser.email, password: DEMO_PASSWORD },
  ];
  const vendorActors = new Map<string, Actor>();
  for (const [index, v] of DEMO_VENDORS.entries()) {
    const vendor = await createVendor(ctx, adminActor, {
      nameJa: `${v.nameJa}（デモ）`,
      nameEn: `${v.nameEn} (demo)`,
      address: v.address,
      country: v.country,
      corporateNumber: v.corporateNumber ?? null,
      legalEntityProof: v.legalEntityProof ?? null,
      website: v.website,
      isDemo: true,
    });
    const email = index === 0 ? 'vendor@demo.hoshi.example' : `admin@${v.key}.demo.hoshi.example`;
    const user = await createUser(ctx, adminActor, { email, displayName: v.adminName, password: DEMO_PASSWORD, role: 'vendor_admin', vendorId: vendor.id });
    vendorActors.set(v.key, { userId: user.id, role: 'vendor_admin', vendorId: vendor.id });
    if (index === 0) logins.push({ role: 'vendor_admin', email, password: DEMO_PASSWORD });
  }

  // In order of first activity, so registration serials follow issue dates as they would live.
  const ordered = DEMO_PRODUCTS.map((p, index) => ({ p, index })).sort(
    (a, b) => firstDay(a.p, a.index) - firstDay(b.p, b.index) || a.index - b.index,
  );
  for (const { p, index } of ordered) {
    const vendor = vendorActors.get(p.vendorKey)!;
    await runScenario(ctx, at, p, index, vendor, reviewer);
  }
  await seedSecurityInformation(ctx, at, vendorActors);
  logins.push(...(await seedEvaluationDemo(ctx, at, vendorActors.get('aoba-vision')!, reviewer, adminActor, DEMO_PASSWORD)));
  now = start;
  return logins;
}

/** Spread issue dates over the last ~18 months, deterministically. */
function defaultIssueDay(index: number): number {
  return -40 - ((index * 37) % 480);
}

function firstDay(p: DemoProduct, index: number): number {
  const issueDay = defaultIssueDay(index);
  return SCENARIOS[p.scenario].productDay?.(issueDay) ?? issueDay - 40;
}

async function runScenario(
  ctx: AppContext,
  at: (days: number) => void,
  p: DemoProduct,
  index: number,
  vendor: Actor,
  reviewer: Actor,
): Promise<void> {
  const issueDay = defaultIssueDay(index);
  const script = SCENARIOS[p.scenario];
  at(script.productDay?.(issueDay) ?? issueDay - 40);
  const product = await createProduct(ctx, vendor, {
    nameJa: p.nameJa, nameEn: p.nameEn, category: p.category, descriptionJa: p.descriptionJa, descriptionEn: p.descriptionEn,
    productUrl: p.productUrl, softwareVersions: p.softwareVersions, supportEndsOn: p.supportEndsOn,
    vulnerabilityContact: p.vulnerabilityContact, disclosurePolicyUrl: p.disclosurePolicyUrl, modelNumbers: p.modelNumbers,
  });
  // A draft of a vendor that also sells in the UK takes the PSTI route, with its statement of compliance.
  const isPsti = p.scenario === 'draft' && PSTI_VENDORS.has(p.vendorKey);
  const vendorInfo = DEMO_VENDORS.find((v) => v.key === p.vendorKey)!;
  const app = await createApplication(ctx, vendor, {
    productId: product.id,
    level: 1,
    route: isPsti ? 'psti' : 'standard',
    ...(isPsti && {
      pstiStatement: {
        productType: p.nameEn,
        manufacturerName: `${vendorInfo.nameEn} (demo)`,
        manufacturerAddress: vendorInfo.address,
        declaration: true,
        supportPeriodEndsOn: p.supportEndsOn,
        signatoryName: vendorInfo.adminName,
        signatoryFunction: 'Head of Product Security',
        placeOfIssue: vendorInfo.country === 'GB' ? 'London' : 'Tokyo',
        dateOfIssue: jstDate(ctx.clock.now()),
        documentUrl: `${vendorInfo.website}/psti/statement-of-compliance`,
      },
    }),
  });
  const skipped = new Set(app.recognisedRequirements.map((r) => r.requirementId));
  const criteria = ctx.catalog.criteria.get(app.criteria)!;
  const skippedItems = new Set(criteria.requirements.filter((r) => skipped.has(r.id)).flatMap((r) => r.items.map((i) => i.id)));
  const checklist = demoChecklist(ctx, app.criteria).filter((a) => !skippedItems.has(a.itemId));
  const steps = { ctx, at, vendor, reviewer, appId: app.id, checklist, index, product: p };
  await script.run(steps, issueDay);
}

interface Steps {
  ctx: AppContext;
  at: (days: number) => void;
  vendor: Actor;
  reviewer: Actor;
  appId: string;
  checklist: ChecklistAnswer[];
  index: number;
  product: DemoProduct;
}

/** Vendors with products listed for the UK (scenario 'valid-psti'). */
const PSTI_VENDORS = new Set(DEMO_PRODUCTS.filter((p) => p.scenario === 'valid-psti').map((p) => p.vendorKey));

async function fill(s: Steps, day: number, partial = false) {
  s.at(day);
  await updateApplication(s.ctx, s.vendor, s.appId, { checklist: partial ? s.checklist.slice(0, 9) : s.checklist });
}
async function submit(s: Steps, day: number) {
  await fill(s, day - 1);
  s.at(day);
  await submitApplication(s.ctx, s.vendor, s.appId);
}
async function toPaid(s: Steps, issueDay: number) {
  await submit(s, issueDay - 30);
  if (s.index % 4 === 0) {
    s.at(issueDay - 25);
    await returnApplication(s.ctx, s.reviewer, s.appId, 'S1.1-05: the acknowledgement time in the disclosure policy is missing. / 脆弱性開示ポリシーに受領通知の期限が記載されていません。');
    s.at(issueDay - 20);
    await submitApplication(s.ctx, s.vendor, s.appId);
  }
  s.at(issueDay - 14);
  await acceptApplication(s.ctx, s.reviewer, s.appId);
  s.at(issueDay - 7);
  await recordPayment(s.ctx, s.reviewer, s.appId, { reference: `DEMO-PAY-${1000 + s.index}` });
}
async function issued(s: Steps, issueDay: number, validForDays?: number): Promise<string> {
  await toPaid(s, issueDay);
  s.at(issueDay);
  const now = s.ctx.clock.now();
  const view = await issueLabel(s.ctx, s.reviewer, s.appId, validForDays ? { validUntil: addDays(now, validForDays) } : {});
  return view.registrationNumber!;
}

const SCENARIOS: Record<DemoProduct['scenario'], { productDay?: (issueDay: number) => number; run: (s: Steps, issueDay: number) => Promise<void> }> = {
  valid: { run: async (s, d) => void (await issued(s, d)) },
  'valid-psti': {
    run: async (s, d) => {
      const rn = await issued(s, d);
      s.at(-3);
      await requestPstiListing(s.ctx, s.vendor, rn, { productNameEn: s.product.nameEn, descriptionEn: s.product.descriptionEn });
      s.at(-2);
      await approvePstiListing(s.ctx, s.reviewer, rn);
    },
  },
  'expiring-soon': { productDay: () => -420, run: async (s) => void (await issued(s, -380, 380 + 60)) },
  expired: { productDay: () => -560, run: async (s) => void (await issued(s, -520, 490)) },
  renewed: {
    productDay: () => -460,
    run: async (s) => {
      const rn = await issued(s, -420, 400); // expires at day -20
      s.at(-70);
      const renewal = await createApplication(s.ctx, s.vendor, { level: 1, route: 'renewal', renewsRegistrationNumber: rn });
      const r = { ...s, appId: renewal.id };
      await submit(r, -60);
      s.at(-45);
      await acceptApplication(s.ctx, s.reviewer, renewal.id);
      s.at(-40);
      await recordPayment(s.ctx, s.reviewer, renewal.id, { reference: `DEMO-PAY-R${s.index}` });
      s.at(-35);
      await issueLabel(s.ctx, s.reviewer, renewal.id);
    },
  },
  suspended: {
    run: async (s, d) => {
      const rn = await issued(s, d);
      s.at(-10);
      await changeLabelStatus(s.ctx, s.reviewer, rn, 'suspend', 'Under inquiry: a reported vulnerability in the web admin interface is being assessed. / 管理画面の脆弱性報告について確認中のため一時停止。');
    },
  },
  revoked: {
    run: async (s, d) => {
      const rn = await issued(s, d);
      s.at(-30);
      await changeLabelStatus(s.ctx, s.reviewer, rn, 'suspend', 'Under inquiry after a market survey. / 市場調査に基づく確認のため一時停止。');
      s.at(-12);
      await changeLabelStatus(s.ctx, s.reviewer, rn, 'revoke', 'Nonconformity with S1.1-02: devices ship with a common default password. / S1.1-02 不適合：共通の初期パスワードで出荷されていることを確認。');
    },
  },
  withdrawn: {
    run: async (s, d) => {
      const rn = await issued(s, d);
      s.at(-5);
      await changeLabelStatus(s.ctx, s.vendor, rn, 'withdraw', 'Product discontinued by the vendor. / 製品販売終了に伴いベンダーの申出により取下げ。');
    },
  },
  draft: { productDay: () => -6, run: async (s) => fill(s, -5, true) },
  submitted: { productDay: () => -9, run: async (s) => submit(s, -3) },
  returned: {
    productDay: () => -20,
    run: async (s) => {
      await submit(s, -15);
      s.at(-8);
      await returnApplication(s.ctx, s.reviewer, s.appId, 'Please state the support period end date on the product page and in the manual (S1.1-16). / サポート期間の終了日を製品ページと取扱説明書に記載してください（S1.1-16）。');
    },
  },
  accepted: {
    productDay: () => -25,
    run: async (s) => {
      await submit(s, -20);
      s.at(-4);
      await acceptApplication(s.ctx, s.reviewer, s.appId);
    },
  },
  rejected: {
    productDay: () => -40,
    run: async (s) => {
      await submit(s, -35);
      s.at(-21);
      await rejectApplication(s.ctx, s.reviewer, s.appId, 'The product is a general-purpose PC, which is out of the scheme scope. / 汎用PCであり制度の対象外です。');
    },
  },
};
