/**
 * The label artwork as SVG: scheme name, level stars, QR code to the product page and the
 * registration number, in black on white so it prints in monochrome.
 *
 * Units: the viewBox is 600 wide, one unit = 0.1 mm when printed at the reference width of 60 mm
 * (the `width`/`height` attributes). Printed at any other size it scales as a whole; see
 * docs/label-artwork.md for the minimum size that keeps a QR module at 0.33 mm or more.
 *
 * A label that is not valid gets a diagonal band with its status, so a copy embedded elsewhere
 * cannot pass for a valid label. The QR code stays readable: it leads to the page that explains.
 */
import QRCode from 'qrcode';
import type { LabelStatus } from '../../domain/label-status.ts';

export interface LabelArtInput {
  /** ★ count, 1 to 4. */
  level: number;
  registrationNumber: string;
  /** The product page; the QR code encodes exactly this string. */
  url: string;
  status: LabelStatus;
}

/** Font stack: the bundled Noto Sans JP first (the PNG renderer loads only that), then common Japanese system fonts. */
export const LABEL_FONT_FAMILY = 'Noto Sans JP';
const FONT_STACK = `'${LABEL_FONT_FAMILY}', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', Meiryo, sans-serif`;

export const LABEL_WIDTH = 600;
export const LABEL_HEIGHT = 452;
/** Printed width at which one viewBox unit is 0.1 mm. */
export const REFERENCE_WIDTH_MM = 60;
const MAX_LEVEL = 4;
export const QR_QUIET_ZONE_MODULES = 4;
/** Side of the QR area including its quiet zone, in viewBox units. */
export const QR_BOX = 240;
const QR_X = LABEL_WIDTH - 26 - QR_BOX;
const QR_Y = 84;

const INK = '#000';
const PAPER = '#fff';
/** Dark red: reads as a warning on screen and as dark grey under white text in monochrome print. */
const BAND = '#b00020';
const MARGIN = 40;

/** The words on the band over a label that is not valid. */
export const STATUS_BAND_TEXT: Record<Exclude<LabelStatus, 'valid'>, { en: string; ja: string }> = {
  revoked: { en: 'REVOKED', ja: '取消' },
  withdrawn: { en: 'WITHDRAWN', ja: '取下げ' },
  expired: { en: 'EXPIRED', ja: '期限切れ' },
  suspended: { en: 'SUSPENDED', ja: '一時停止' },
};

/** The QR symbol for `url`: error correction M, modules as a square matrix (true = dark). */
export function qrMatrix(url: string): { size: number; isDark(row: number, col: number): boolean } {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  return { size: qr.modules.size, isDark: (row, col) => Boolean(qr.modules.get(row, col)) };
}

/**
 * Smallest printed label width (mm) that keeps each QR module at `moduleMm` or larger, for a
 * symbol of `size` modules (without quiet zone).
 */
export function minimumPrintWidthMm(size: number, moduleMm = 0.33): number {
  return (moduleMm * (size + 2 * QR_QUIET_ZONE_MODULES) * LABEL_WIDTH) / QR_BOX;
}

/** Renders the label. Pure: the same input gives the same string. */
export function renderLabelSvg(input: LabelArtInput): string {
  const level = Math.min(Math.max(Math.trunc(input.level), 1), MAX_LEVEL);
  const qr = qrMatrix(input.url);
  const title = `JC-STAR ★${level} ${input.registrationNumber}${input.status === 'valid' ? '' : ` (${input.status})`}`;
  const font = escapeXml(FONT_STACK);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${REFERENCE_WIDTH_MM}mm" height="${(REFERENCE_WIDTH_MM * LABEL_HEIGHT) / LABEL_WIDTH}mm" viewBox="0 0 ${LABEL_WIDTH} ${LABEL_HEIGHT}" role="img" aria-label="${escapeXml(title)}" data-min-print-width-mm="${minimumPrintWidthMm(qr.size).toFixed(1)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="3" y="3" width="${LABEL_WIDTH - 6}" height="${LABEL_HEIGHT - 6}" rx="22" fill="${PAPER}" stroke="${INK}" stroke-width="6"/>`,
    `<g font-family="${font}" fill="${INK}">`,
    text(MARGIN, 56, 'IoT セキュリティ適合ラベル', { size: 22, weight: 700 }),
    text(LABEL_WIDTH - MARGIN, 56, 'IoT Security Label', { size: 20, weight: 400, anchor: 'end' }),
    rule(74),
    text(MARGIN - 2, 154, 'JC-STAR', { size: 64, weight: 700, spacing: 1 }),
    text(MARGIN, 300, `レベル${level}  Level ${level}`, { size: 22, weight: 400 }),
    rule(346),
    text(MARGIN, 380, '登録番号  Registration No.', { size: 20, weight: 400 }),
    text(MARGIN - 2, 424, input.registrationNumber, { size: 48, weight: 700, spacing: 2 }),
    '</g>',
    stars(level, MARGIN, 180),
    input.status === 'valid' ? '' : statusBand(STATUS_BAND_TEXT[input.status], `band-clip-${input.registrationNumber.replace(/[^A-Za-z0-9-]/g, '')}`),
    qrCode(qr, QR_X, QR_Y, QR_BOX),
    '</svg>',
  ];
  return parts.filter(Boolean).join('\n') + '\n';
}

function text(x: number, y: number, content: string, style: { size: number; weight: 400 | 700; spacing?: number; anchor?: 'end' }): string {
  const spacing = style.spacing ? ` letter-spacing="${style.spacing}"` : '';
  const anchor = style.anchor ? ` text-anchor="${style.anchor}"` : '';
  return `<text x="${x}" y="${y}" font-size="${style.size}" font-weight="${style.weight}"${spacing}${anchor}>${escapeXml(content)}</text>`;
}

function rule(y: number): string {
  return `<line x1="${MARGIN}" y1="${y}" x2="${LABEL_WIDTH - MARGIN}" y2="${y}" stroke="${INK}" stroke-width="2"/>`;
}

/** `level` filled stars followed by outlines up to four, so ★1 reads as "1 of 4". */
function stars(level: number, left: number, top: number): string {
  const radius = 30;
  const gap = 8;
  const out = [`<g class="level-stars" data-level="${level}">`];
  for (let i = 0; i < MAX_LEVEL; i++) {
    const cx = left + radius + i * (2 * radius + gap);
    const cy = top + radius + 2;
    const points = starPoints(cx, cy, radius - 2);
    out.push(
      i < level
        ? `<polygon points="${points}" fill="${INK}" stroke="${INK}" stroke-width="3" stroke-linejoin="round"/>`
        : `<polygon points="${points}" fill="none" stroke="${INK}" stroke-width="3" stroke-linejoin="round"/>`,
    );
  }
  out.push('</g>');
  return out.join('');
}

function starPoints(cx: number, cy: number, outer: number): string {
  const inner = outer * 0.382;
  const points: string[] = [];
  for (let i = 0; i < 10; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    points.push(`${round(cx + r * Math.cos(angle))},${round(cy + r * Math.sin(angle))}`);
  }
  return points.join(' ');
}

/** The QR symbol as one path of horizontal runs, on a white square that includes the quiet zone. */
function qrCode(qr: ReturnType<typeof qrMatrix>, x: number, y: number, box: number): string {
  const modules = qr.size + 2 * QR_QUIET_ZONE_MODULES;
  const runs: string[] = [];
  for (let row = 0; row < qr.size; row++) {
    for (let col = 0; col < qr.size; ) {
      if (!qr.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < qr.size && qr.isDark(row, col)) col++;
      runs.push(`M${start + QR_QUIET_ZONE_MODULES} ${row + QR_QUIET_ZONE_MODULES}h${col - start}v1h-${col - start}z`);
    }
  }
  const scale = round(box / modules, 6);
  return [
    `<g class="qr-code" data-modules="${qr.size}">`,
    `<rect x="${x}" y="${y}" width="${box}" height="${box}" fill="${PAPER}"/>`,
    `<path transform="translate(${x} ${y}) scale(${scale})" fill="${INK}" shape-rendering="crispEdges" d="${runs.join('')}"/>`,
    '</g>',
  ].join('');
}

/**
 * A diagonal band across the label with the status in English and Japanese, drawn over the
 * stars and the number. It passes below the QR code, which is drawn after it with its quiet zone.
 */
function statusBand(words: { en: string; ja: string }, clipId: string): string {
  const cx = 170;
  const cy = 272;
  return [
    `<g class="status-band" data-status="${escapeXml(words.en.toLowerCase())}">`,
    `<clipPath id="${clipId}"><rect x="6" y="6" width="${LABEL_WIDTH - 12}" height="${LABEL_HEIGHT - 12}" rx="19"/></clipPath>`,
    `<rect x="6" y="6" width="${LABEL_WIDTH - 12}" height="${LABEL_HEIGHT - 12}" rx="19" fill="${PAPER}" fill-opacity="0.5"/>`,
    `<g clip-path="url(#${clipId})"><g transform="rotate(-22 ${cx} ${cy})">`,
    `<rect x="${cx - 500}" y="${cy - 54}" width="1000" height="108" fill="${BAND}" stroke="${PAPER}" stroke-width="5"/>`,
    `<g font-family="${escapeXml(FONT_STACK)}" font-weight="700" fill="${PAPER}" text-anchor="middle">`,
    `<text x="${cx}" y="${cy - 4}" font-size="40" letter-spacing="3">${escapeXml(words.en)}</text>`,
    `<text x="${cx}" y="${cy + 36}" font-size="30" letter-spacing="4">${escapeXml(words.ja)}</text>`,
    '</g>',
    '</g></g>',
    '</g>',
  ].join('');
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
