/**
 * Rasterises the label SVG with resvg, using only the Noto Sans JP files shipped in the
 * @expo-google-fonts/noto-sans-jp package: no system font is consulted, so the PNG is the same,
 * byte for byte, on every machine with the same package versions. Runs in the render process
 * (render-process.ts), never in a server process.
 */
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import { LABEL_FONT_FAMILY } from './label-svg.ts';

const require = createRequire(import.meta.url);

/** The font files (TrueType) the PNG is rendered with. */
export const LABEL_FONT_FILES: readonly string[] = Object.freeze([
  require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
]);

export async function rasterise(svg: string, width: number): Promise<Buffer> {
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
