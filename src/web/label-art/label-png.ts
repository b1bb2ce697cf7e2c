/**
 * Rasterises the label SVG with resvg, using only the Noto Sans JP files shipped in the
 * @expo-google-fonts/noto-sans-jp package: no system font is consulted, so the PNG is the same,
 * byte for byte, on every machine with the same package versions.
 */
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import pLimit from 'p-limit';
import { LABEL_FONT_FAMILY } from './label-svg.ts';

const require = createRequire(import.meta.url);

/** The font files (TrueType) the PNG is rendered with. */
export const LABEL_FONT_FILES: readonly string[] = Object.freeze([
  require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
]);

export const PNG_MIN_WIDTH = 200;
export const PNG_MAX_WIDTH = 4000;

// One render at a time per process: each loads the two 5 MB font files and takes a libuv thread
// for tens of milliseconds; unbounded, a burst of new labels grew a server by 100 MB.
const renderSlot = pLimit(1);

/** Renders `svg` to a PNG `widthPx` wide (height follows the aspect ratio). Runs off the event loop. */
export async function renderLabelPng(svg: string, options: { widthPx: number }): Promise<Buffer> {
  const width = Math.trunc(options.widthPx);
  if (!(width >= PNG_MIN_WIDTH && width <= PNG_MAX_WIDTH)) {
    throw new RangeError(`widthPx must be an integer from ${PNG_MIN_WIDTH} to ${PNG_MAX_WIDTH}`);
  }
  return renderSlot(() => render(svg, width));
}

async function render(svg: string, width: number): Promise<Buffer> {
  const image = await renderAsync(svg, {
    fitTo: { mode: 'width', value: width },
    font: {
      fontFiles: [...LABEL_FONT_FILES],
      loadSystemFonts: false,
      defaultFontFamily: LABEL_FONT_FAMILY,
      sansSerifFamily: LABEL_FONT_FAMILY,
    },
    languages: ['ja', 'en'],
    logLevel: 'off',
  });
  return image.asPng();
}
