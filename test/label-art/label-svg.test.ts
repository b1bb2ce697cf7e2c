/** The label artwork without HTTP: SVG structure, status bands, and the PNG's QR code and determinism. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLValidator } from 'fast-xml-parser';
import { LABEL_STATUSES } from '../../src/domain/label-status.ts';
import { renderLabelPng } from '../../src/web/label-art/label-png.ts';
import {
  LABEL_HEIGHT,
  LABEL_WIDTH,
  minimumPrintWidthMm,
  QR_BOX,
  QR_QUIET_ZONE_MODULES,
  qrMatrix,
  renderLabelSvg,
  REFERENCE_WIDTH_MM,
  STATUS_BAND_TEXT,
} from '../../src/web/label-art/label-svg.ts';
import { decodePng, PNG_SIGNATURE, readQr } from './decode.ts';

const RN = 'JS2-2026-000042-3';
const URL = `https://registry.test/labels/${RN}`;
const svgFor = (over: Partial<Parameters<typeof renderLabelSvg>[0]> = {}) =>
  renderLabelSvg({ level: 2, registrationNumber: RN, url: URL, status: 'valid', ...over });

describe('renderLabelSvg', () => {
  it('produces well-formed XML with the registration number, scheme name and title', () => {
    const svg = svgFor();
    assert.equal(XMLValidator.validate(svg), true);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="60mm"/);
    assert.match(svg, new RegExp(`<text[^>]*>${RN}</text>`));
    assert.match(svg, /<text[^>]*>JC-STAR<\/text>/);
    assert.match(svg, /<title>JC-STAR ★2 JS2-2026-000042-3<\/title>/);
  });

  it('draws the level as filled star polygons and the rest of four as outlines', () => {
    for (const level of [1, 2, 3, 4]) {
      const stars = /<g class="level-stars"[^>]*>(.*?)<\/g>/.exec(svgFor({ level }))![1]!;
      assert.equal(stars.match(/<polygon [^>]*fill="#000"/g)?.length ?? 0, level, `level ${level} filled`);
      assert.equal(stars.match(/<polygon [^>]*fill="none"/g)?.length ?? 0, 4 - level, `level ${level} outlines`);
    }
  });

  it('draws the QR code as vector paths, not as an embedded image', () => {
    const svg = svgFor();
    assert.doesNotMatch(svg, /<image|data:image/);
    assert.match(svg, /<g class="qr-code" data-modules="\d+"><rect [^>]*\/><path [^>]*d="M4 4h7v1h-7z/);
  });

  it('carries a status band for every status but valid', () => {
    assert.doesNotMatch(svgFor(), /status-band/);
    for (const status of LABEL_STATUSES.filter((s) => s !== 'valid')) {
      const svg = svgFor({ status });
      const words = STATUS_BAND_TEXT[status];
      assert.equal(XMLValidator.validate(svg), true);
      assert.match(svg, new RegExp(`<g class="status-band" data-status="${status}">`));
      assert.match(svg, new RegExp(`>${words.en}</text>`));
      assert.match(svg, new RegExp(`>${words.ja}</text>`));
    }
  });

  it('escapes markup in the URL instead of breaking the document', () => {
    const svg = svgFor({ url: 'https://registry.test/labels/x?a=1&b=<2>' });
    assert.equal(XMLValidator.validate(svg), true);
  });

  it('states a minimum print width that keeps a QR module at 0.33 mm', () => {
    const { size } = qrMatrix(URL);
    const width = minimumPrintWidthMm(size);
    assert.match(svgFor(), new RegExp(`data-min-print-width-mm="${width.toFixed(1)}"`));
    const moduleMmAt = (labelMm: number) => (labelMm * QR_BOX) / LABEL_WIDTH / (size + 2 * QR_QUIET_ZONE_MODULES);
    assert.ok(Math.abs(moduleMmAt(width) - 0.33) < 1e-9);
    assert.ok(moduleMmAt(REFERENCE_WIDTH_MM) > 0.33, 'the reference size prints a readable QR code');
  });
});

describe('renderLabelPng', () => {
  it('renders a PNG of the requested width whose QR code reads back exactly the URL', async () => {
    const png = await renderLabelPng(svgFor(), { widthPx: 640 });
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    const { width, height } = decodePng(png);
    assert.equal(width, 640);
    assert.equal(height, Math.round((640 * LABEL_HEIGHT) / LABEL_WIDTH));
    assert.equal(readQr(png), URL);
  });

  it('keeps long product-page URLs readable (a larger QR version)', async () => {
    const url = `https://jc-star-registry.example.go.jp/registry/public/labels/${RN}`;
    const svg = svgFor({ url });
    assert.ok(qrMatrix(url).size > qrMatrix(URL).size);
    assert.equal(readQr(await renderLabelPng(svg, { widthPx: 400 })), url);
  });

  it('renders byte-identical PNGs for the same SVG', async () => {
    const svg = svgFor({ status: 'suspended' });
    const [a, b] = [await renderLabelPng(svg, { widthPx: 500 }), await renderLabelPng(svg, { widthPx: 500 })];
    assert.ok(a.equals(b));
  });

  it('keeps the QR code readable under a status band', async () => {
    assert.equal(readQr(await renderLabelPng(svgFor({ status: 'revoked' }), { widthPx: 300 })), URL);
  });

  it('refuses widths outside 200–4000 px', async () => {
    await assert.rejects(renderLabelPng(svgFor(), { widthPx: 199 }), RangeError);
    await assert.rejects(renderLabelPng(svgFor(), { widthPx: 4001 }), RangeError);
  });
});
