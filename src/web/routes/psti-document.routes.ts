/**
 * The English PSTI document for a valid ★1 label, as JSON and as a PDF a vendor can ship with the
 * product. The PDF embeds Noto Sans JP from its npm package (no system fonts; text selectable) and
 * the QR code of the verification URL. A label that does not count gets 409 LABEL_STATE_CONFLICT.
 */
import { createRequire } from 'node:module';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { buildPstiDocument, type PstiDocument } from '../../app/recognition/psti-document.ts';
import { qrMatrix } from '../label-art/label-svg.ts';
import type { RouteDeps } from '../server.ts';
import { problems, RegistrationNumberParam } from '../schemas.ts';

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf');
/** The document is current only while the label is: caches keep it briefly. */
const CACHE_CONTROL = 'public, max-age=300';

const Str = Type.String();
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const Item = Type.Object({ id: Str, text: Str });
export const PstiDocumentSchema = Type.Object({
  title: Str,
  registrationNumber: Str,
  scheme: Str,
  level: Type.Integer(),
  status: Str,
  issuedOn: Str,
  expiresOn: Str,
  criteria: Type.Object({ id: Str, version: Str, title: Str }),
  manufacturer: Type.Object({ name: Str, country: Str, website: NullableStr }),
  product: Type.Object({ name: Str, modelNumbers: Type.Array(Str), softwareVersions: Type.Array(Str) }),
  legalBasis: Type.Object({ instrument: Str, provisions: Str, text: Str, url: NullableStr, agreement: Str, inForceFrom: Str }),
  requirements: Type.Array(Type.Object({ id: Str, title: Str, summary: Str, etsiProvisions: Type.Array(Str), howMet: Str })),
  supportPeriodEndsOn: NullableStr,
  vulnerabilityReportContact: NullableStr,
  disclosurePolicyUrl: NullableStr,
  conditions: Type.Array(Item),
  verificationUrl: Str,
  generatedOn: Str,
  textSource: Type.Literal('paraphrase'),
  notice: Str,
});

export const pstiDocumentRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  app.get('/labels/:registrationNumber/uk-psti.json', {
    config: { permission: 'public' },
    schema: {
      tags: ['recognition'],
      summary: 'UK PSTI document (JSON): label facts, legal basis, the three requirements and how they are met',
      description: 'Only for a valid ★1 label that counts for UK PSTI today (SI 2025/1267, reg. 4A, Schedule 2A); otherwise 409 LABEL_STATE_CONFLICT. Same facts as the PDF.',
      params: RegistrationNumberParam,
      response: { 200: PstiDocumentSchema, ...problems(400, 404, 409) },
    },
  }, async (request, reply) => {
    const doc = await buildPstiDocument(ctx, request.params.registrationNumber);
    reply.header('cache-control', CACHE_CONTROL);
    return doc;
  });

  app.get('/labels/:registrationNumber/uk-psti.pdf', {
    config: { permission: 'public' },
    schema: {
      tags: ['recognition'],
      summary: 'UK PSTI document (PDF, English) to ship with the product',
      description: 'The facts of `uk-psti.json` as an A4 PDF with selectable text and the QR code of the verification URL. 409 LABEL_STATE_CONFLICT unless the label is valid, ★1, and counts for UK PSTI today.',
      params: RegistrationNumberParam,
      response: {
        200: { description: 'The PSTI document', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
        ...problems(400, 404, 409),
      },
    },
  }, async (request, reply) => {
    const doc = await buildPstiDocument(ctx, request.params.registrationNumber);
    const pdf = await renderPstiPdf(doc, ctx.clock.now());
    return reply
      .type('application/pdf')
      .header('cache-control', CACHE_CONTROL)
      .header('content-disposition', `inline; filename="${doc.registrationNumber}-uk-psti.pdf"`)
      .send(pdf);
  });
};

/** Renders the document as an A4 PDF. Never touches the file system except to read the fonts. */
export async function renderPstiPdf(doc: PstiDocument, now: Date): Promise<Buffer> {
  // Loaded on first use: pdfkit is a fifth of the server's start-up module loading.
  const { default: PDFDocument } = await import('pdfkit');
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 50,
    lang: 'en-GB',
    info: { Title: `${doc.title} (${doc.registrationNumber})`, Author: doc.manufacturer.name, Subject: 'UK PSTI deemed compliance', CreationDate: now },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('body', FONT_REGULAR);
  pdf.registerFont('bold', FONT_BOLD);
  const width = pdf.page.width - 100;

  const heading = (text: string) => pdf.moveDown(0.6).font('bold').fontSize(12).text(text, { width }).moveDown(0.2);
  const para = (text: string) => pdf.font('body').fontSize(9.5).text(text, { width });
  const fact = (term: string, value: string) => pdf.font('bold').fontSize(9.5).text(`${term}: `, { continued: true }).font('body').text(value);

  pdf.font('bold').fontSize(17).text(doc.title, { width: width - 110 });
  pdf.font('body').fontSize(10).text(`${doc.product.name} (${doc.manufacturer.name})`, { width: width - 110 });
  drawQr(pdf, doc.verificationUrl, pdf.page.width - 50 - 100, 45, 100);
  pdf.y = Math.max(pdf.y, 160);

  heading('Label');
  fact('Registration number', doc.registrationNumber);
  fact('Scheme and level', `${doc.scheme} ★${doc.level}`);
  fact('Criteria', `${doc.criteria.id} (version ${doc.criteria.version})`);
  fact('Status', `${doc.status} (on ${doc.generatedOn})`);
  fact('Issued on', doc.issuedOn);
  fact('Expires on', doc.expiresOn);
  fact('Model numbers', doc.product.modelNumbers.join(', '));
  if (doc.product.softwareVersions.length) fact('Software versions', doc.product.softwareVersions.join(', '));
  fact('Verification URL', doc.verificationUrl);

  heading('Legal basis');
  para(
    `Under ${doc.legalBasis.text}, in force from ${doc.legalBasis.inForceFrom}, a product with a current, unexpired JC-STAR ★1 label under criteria ${doc.criteria.id} is deemed to comply with the three security requirements of the UK PSTI regime, and the label stands in for the statement of compliance.`,
  );
  if (doc.legalBasis.url) para(doc.legalBasis.url);
  para(`Arrangement: ${doc.legalBasis.agreement}.`);

  heading('The three PSTI requirements and how they are met');
  for (const r of doc.requirements) {
    pdf.moveDown(0.3).font('bold').fontSize(10).text(`${r.id} ${r.title} (ETSI EN 303 645 ${r.etsiProvisions.join(', ')})`, { width });
    para(r.summary);
    para(r.howMet);
  }

  heading('Defined support period');
  para(doc.supportPeriodEndsOn ? `Security updates are provided until ${doc.supportPeriodEndsOn} (end date of the defined support period).` : 'The vendor has not registered the end date of the support period.');

  heading('Reporting security issues');
  fact('Contact', doc.vulnerabilityReportContact ?? 'not provided');
  fact('Disclosure policy', doc.disclosurePolicyUrl ?? 'not provided');

  heading('Conditions');
  for (const c of doc.conditions) para(`• ${c.text}`);

  pdf.moveDown(0.8).font('body').fontSize(8.5).fillColor('#444444').text(`${doc.notice} Generated on ${doc.generatedOn}.`, { width });
  pdf.end();
  return done;
}

/** The QR symbol with its quiet zone, drawn as filled squares at (x, y), `size` points wide. */
function drawQr(pdf: PDFKit.PDFDocument, url: string, x: number, y: number, size: number): void {
  const qr = qrMatrix(url);
  const modules = qr.size + 8;
  const cell = size / modules;
  pdf.save().fillColor('#000000');
  for (let row = 0; row < qr.size; row += 1) {
    for (let col = 0; col < qr.size; col += 1) {
      if (qr.isDark(row, col)) pdf.rect(x + (col + 4) * cell, y + (row + 4) * cell, cell, cell);
    }
  }
  pdf.fill().restore();
  pdf.x = 50;
}
