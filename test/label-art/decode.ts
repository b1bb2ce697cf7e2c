/** Test helpers: decode a PNG as a viewer shows it (over white) and read its QR code. */
import jsqr from 'jsqr';
import { PNG } from 'pngjs';

export interface DecodedPng {
  width: number;
  height: number;
  /** RGBA, composited over white. */
  rgba: Uint8ClampedArray;
}

export function decodePng(buffer: Buffer): DecodedPng {
  const png = PNG.sync.read(buffer);
  const rgba = new Uint8ClampedArray(png.data.length);
  for (let i = 0; i < png.data.length; i += 4) {
    const alpha = png.data[i + 3]! / 255;
    for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(png.data[i + c]! * alpha + 255 * (1 - alpha));
    rgba[i + 3] = 255;
  }
  return { width: png.width, height: png.height, rgba };
}

// jsqr is CommonJS with `exports.default`: under NodeNext the default import is the module object.
const decode = jsqr.default;

/** The text of the QR code in the PNG, or null when none can be read. */
export function readQr(buffer: Buffer): string | null {
  const { width, height, rgba } = decodePng(buffer);
  return decode(rgba, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
