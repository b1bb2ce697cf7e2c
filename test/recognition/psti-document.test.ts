/** The English PSTI document a vendor ships with the product: PDF and JSON with the same facts. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getPublicLabel } from '../../src/app/labels/public-label.ts';
import { seedDemo } from '../../src/demo/seed-demo.ts';
import { sqlite } from '../helpers/databases.ts';
import { BASE_URL, startTestApp, type TestApp } from '../helpers/app.ts';
import { demoLabel } from '../pages/helpers.ts';

/** The text of a PDF as pdftotext (poppler-utils, .ci/install-pdf-tools.sh) extracts it. */
function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hoshi-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    const result = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    assert.equal(result.status, 0, `pdftotext failed (run .ci/install-pdf-tools.sh): ${result.stderr}`);
    return result.stdout.replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('PSTI document /labels/:rn/uk-psti.{pdf,json}', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(sqlite);
    await seedDemo(t.ctx);
  });
  after(async () => t?.close());

  it('gives the label facts, legal basis, requirements, support period, contact and verification URL as JSON', async () => {
    const rn = await demoLabel(t, 'valid');
    const label = await getPublicLabel(t.ctx, rn);
    const res = await t.app.inject({ method: 'GET', url: `/labels/${rn}/uk-psti.json` });
    assert.equal(res.statusCode, 200, res.body);
    const doc = res.json();
    assert.equal(doc.registrationNumber, rn);
    assert.equal(doc.level, 1);
    assert.equal(doc.status, 'valid');
    assert.equal(doc.legalBasis.instrument, 'SI 2025/1267');
    assert.match(doc.legalBasis.provisions, /4A.*Schedule 2A/);
    assert.deepEqual(doc.requirements.map((r: { id: string }) => r.id), ['PSTI-1', 'PSTI-2', 'PSTI-3']);
    assert.match(doc.requirements[0].howMet, /JST-CR-01-01-2024R1.*S1\.1-02/);
    assert.match(doc.requirements[1].howMet, /S1\.1-05/);
    assert.match(doc.requirements[2].howMet, /S1\.1-16/);
    assert.equal(doc.supportPeriodEndsOn, label.security.supportEndsOn);
    assert.equal(doc.vulnerabilityReportContact, label.contact.vulnerabilityReport);
    assert.equal(doc.verificationUrl, `${BASE_URL}/labels/${rn}`);
    assert.equal(doc.textSource, 'paraphrase');
  });

  it('renders a PDF whose selectable text carries the same facts', async () => {
    const rn = await demoLabel(t, 'valid');
    const json = (await t.app.inject({ method: 'GET', url: `/labels/${rn}/uk-psti.json` })).json();
    const res = await t.app.inject({ method: 'GET', url: `/labels/${rn}/uk-psti.pdf` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.ok(res.rawPayload.subarray(0, 5).toString() === '%PDF-');
    const text = pdfText(res.rawPayload);
    for (const fact of [rn, 'SI 2025/1267', 'PSTI', 'Schedule 2A', 'JST-CR-01-01-2024R1', json.supportPeriodEndsOn, json.verificationUrl, json.expiresOn, json.vulnerabilityReportContact]) {
      assert.ok(text.includes(fact), `PDF text has ${fact}`);
    }
  });

  it('refuses a revoked label with 409 LABEL_STATE_CONFLICT problem+json', async () => {
    const rn = await demoLabel(t, 'revoked');
    for (const ext of ['json', 'pdf']) {
      const res = await t.app.inject({ method: 'GET', url: `/labels/${rn}/uk-psti.${ext}` });
      assert.equal(res.statusCode, 409);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.equal(res.json().code, 'LABEL_STATE_CONFLICT');
    }
  });

  it('answers an unknown registration number with 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/labels/JS1-2026-999999-0/uk-psti.json' });
    assert.equal(res.statusCode, 404);
  });
});
