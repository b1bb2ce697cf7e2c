/**
 * Demo data for ★2–★4 on the example network-camera catalogue: a fictional evaluation body with
 * an evaluator, and three cameras of Aoba Vision: a ★2 label (self-declared), a ★3 label on a
 * signed-off evaluation report, and a ★3 application the body is evaluating now. Loaded through
 * the use cases like the rest of the demo; dates are relative to the moment of seeding.
 */
import type { Actor, AppContext } from '../app/context.ts';
import { createApplication } from '../app/applications/create-application.ts';
import { acceptApplication, recordPayment } from '../app/applications/review-application.ts';
import { submitApplication } from '../app/applications/submit-application.ts';
import { updateApplication } from '../app/applications/update-application.ts';
import { createEvaluationBody } from '../app/evaluation/evaluation-bodies.ts';
import { saveEvaluationReport } from '../app/evaluation/save-evaluation-report.ts';
import { signOffEvaluationReport } from '../app/evaluation/sign-off-report.ts';
import { uploadEvaluationReportFile } from '../app/evaluation/upload-report-file.ts';
import { issueLabel } from '../app/labels/issue-label.ts';
import { createProduct } from '../app/products/create-product.ts';
import { createUser } from '../app/users/create-user.ts';
import { addDays, jstDate } from '../domain/time.ts';
import { demoChecklist } from './demo-checklist.ts';

export const DEMO_EVALUATOR = 'evaluator@demo.hoshi.example';

const CAMERA_BASE = {
  category: 'network-camera',
  softwareVersions: ['5.0.2'],
  vulnerabilityContact: 'security@aoba-vision.example.jp',
  disclosurePolicyUrl: 'https://www.aoba-vision.example.jp/psirt/policy',
};

const CAMERAS = {
  doorbell: {
    ...CAMERA_BASE,
    nameJa: 'スマートドアホンカメラ',
    nameEn: 'Smart Doorbell Camera',
    descriptionJa: '玄関用のドアホン一体型カメラです。例示カタログの★2（ネットワークカメラ）で自己適合宣言しています。',
    descriptionEn: 'A doorbell with a built-in camera, self-declared at ★2 on the example network-camera catalogue.',
    productUrl: 'https://www.aoba-vision.example.jp/products/av-db100',
    supportEndsOn: '2030-09-30',
    modelNumbers: ['AV-DB100', 'AV-DB100-W'],
  },
  ptz: {
    ...CAMERA_BASE,
    nameJa: '屋外用 PTZ カメラ Pro',
    nameEn: 'Outdoor PTZ Camera Pro',
    descriptionJa: '屋外設置用のパン・チルト・ズームカメラです。例示カタログの★3 で評価機関の評価を受けています。',
    descriptionEn: 'An outdoor pan-tilt-zoom camera, evaluated by an evaluation body at ★3 on the example catalogue.',
    productUrl: 'https://www.aoba-vision.example.jp/products/av-ptz900',
    supportEndsOn: '2031-03-31',
    modelNumbers: ['AV-PTZ900', 'AV-PTZ900-L', 'AV-PTZ900/JP'],
  },
  ai: {
    ...CAMERA_BASE,
    nameJa: 'AI 解析カメラ X1',
    nameEn: 'AI Analytics Camera X1',
    descriptionJa: '人物・車両を検知する AI 解析機能付きカメラです。例示カタログの★3 で評価中です。',
    descriptionEn: 'A camera with on-device person and vehicle detection, being evaluated at ★3 on the example catalogue.',
    productUrl: 'https://www.aoba-vision.example.jp/products/av-x1',
    supportEndsOn: '2031-12-31',
    modelNumbers: ['AV-X1', 'AV-X1-PRO'],
  },
};

/** A small real PDF (pdfkit), standing in for the body's signed report. */
async function demoReportPdf(lines: string[]): Promise<Buffer> {
  // Loaded here, not at the top: pdfkit would otherwise load on every server start.
  const { default: PDFDocument } = await import('pdfkit');
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: 'Conformity assessment report (demo)' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(16).text('Conformity assessment report (demo)');
    doc.moveDown().fontSize(10);
    for (const line of lines) doc.text(line);
    doc.end();
  });
}

export async function seedEvaluationDemo(
  ctx: AppContext,
  at: (days: number) => void,
  vendor: Actor,
  reviewer: Actor,
  admin: Actor,
  password: string,
): Promise<Array<{ role: string; email: string; password: string }>> {
  at(-400);
  const today = ctx.clock.now();
  const body = await createEvaluationBody(ctx, admin, {
    nameJa: 'みちのく製品セキュリティ試験所（デモ）',
    nameEn: 'Michinoku Product Security Laboratory (demo)',
    accreditationNumber: 'ASNITE 0000 T (demo)',
    accreditedFrom: jstDate(today),
    accreditedUntil: jstDate(addDays(today, 1500)),
    scope: [{ category: 'network-camera', level: 3 }, { category: 'network-camera', level: 4 }],
    website: 'https://lab.michinoku.example.jp',
    isDemo: true,
  });
  const user = await createUser(ctx, admin, { email: DEMO_EVALUATOR, displayName: '菊地 沙織（評価担当）', password, role: 'evaluator', evaluationBodyId: body.id });
  const evaluator: Actor = { userId: user.id, role: 'evaluator', vendorId: null, evaluationBodyId: body.id };

  const open = async (product: (typeof CAMERAS)[keyof typeof CAMERAS], level: number, day: number) => {
    at(day);
    const created = await createProduct(ctx, vendor, product);
    const app = await createApplication(ctx, vendor, { productId: created.id, level, route: 'standard', ...(level >= 3 && { evaluationBodyId: body.id }) });
    at(day + 1);
    await updateApplication(ctx, vendor, app.id, { checklist: demoChecklist(ctx, app.criteria) });
    at(day + 2);
    await submitApplication(ctx, vendor, app.id);
    return app;
  };
  const issue = async (appId: string, day: number) => {
    at(day);
    await acceptApplication(ctx, reviewer, appId);
    at(day + 7);
    await recordPayment(ctx, reviewer, appId, { reference: `DEMO-PAY-E${day}` });
    at(day + 14);
    await issueLabel(ctx, reviewer, appId);
  };
  const units = (criteriaId: string) => ctx.catalog.criteria.get(criteriaId)!.testUnits ?? [];
  const verdictsFor = (criteriaId: string) =>
    units(criteriaId).map((u) => ({ unitId: u.id, verdict: 'pass' as const, evidence: `${u.assessment === 'functional' ? 'Tested on AV-PTZ900 firmware 5.0.2' : 'Reviewed ICS and design documents'}; record DEMO-${u.id}. / 記録 DEMO-${u.id}。` }));

  // ★2, self-declared on the example catalogue.
  const doorbell = await open(CAMERAS.doorbell, 2, -190);
  await issue(doorbell.id, -170);

  // ★3, evaluated and signed off, then issued.
  const ptz = await open(CAMERAS.ptz, 3, -200);
  at(-165);
  await saveEvaluationReport(ctx, evaluator, ptz.id, {
    ics: 'The vendor’s checklist as submitted, and ICS AV-PTZ900 v1.2 / ベンダーのチェックリストと ICS AV-PTZ900 第1.2版',
    ixit: 'IXIT AV-PTZ900 rev. 3 (test accounts, update server, streaming ports) / IXIT 第3版',
    summary: 'All test units passed on firmware 5.0.2. / ファームウェア 5.0.2 ですべての試験単位に合格。',
    verdicts: verdictsFor(ptz.criteria),
  });
  at(-160);
  const pdf = await demoReportPdf(['Product: Outdoor PTZ Camera Pro (AV-PTZ900)', 'Criteria: EXAMPLE-NWC-03 (example, not JC-STAR criteria)', 'Result: all test units passed']);
  await uploadEvaluationReportFile(ctx, evaluator, ptz.id, { fileName: 'AV-PTZ900-evaluation-report.pdf', bytes: pdf });
  at(-158);
  await signOffEvaluationReport(ctx, evaluator, ptz.id);
  await issue(ptz.id, -150);

  // ★3, in evaluation: some verdicts recorded, one functional test still open.
  const ai = await open(CAMERAS.ai, 3, -30);
  at(-8);
  await saveEvaluationReport(ctx, evaluator, ai.id, {
    ics: 'The vendor’s checklist as submitted / ベンダーのチェックリスト（提出時）',
    verdicts: verdictsFor(ai.criteria).slice(0, 12),
  });
  return [{ role: 'evaluator', email: DEMO_EVALUATOR, password }];
}
