/**
 * Real files for the attachment tests, made by real encoders (pdfkit, pngjs) rather than typed
 * in, and a real executable: the first bytes of the running Node binary, renamed .pdf.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';

export async function makePdf(text = 'Design document DS-S1.1-01 §2'): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.fontSize(14).text(text);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

export function makePng(width = 40, height = 20): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([(i * 7) % 256, (i * 13) % 256, 200, 255], i * 4);
  return PNG.sync.write(png);
}

/** The start of the Node executable (ELF on Linux, Mach-O on macOS): a real program's bytes. */
export function executableBytes(): Buffer {
  const fd = fs.openSync(process.execPath, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** Every file in the attachment directory (none when it was never created). */
export function storedFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}
