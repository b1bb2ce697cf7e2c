/**
 * The label as a PNG: the SVG rasterised by resvg in a separate render process (render-process.ts,
 * rasterise.ts), one image at a time per server process.
 */
import pLimit from 'p-limit';
import { RenderProcess } from './render-process.ts';

export const PNG_MIN_WIDTH = 200;
export const PNG_MAX_WIDTH = 4000;

// One render at a time per server process: each loads the two 5 MB font files and takes a core
// for tens of milliseconds.
const renderSlot = pLimit(1);
const renderer = new RenderProcess();

/** Renders `svg` to a PNG `widthPx` wide (height follows the aspect ratio). Runs off the event loop. */
export async function renderLabelPng(svg: string, options: { widthPx: number }): Promise<Buffer> {
  const width = Math.trunc(options.widthPx);
  if (!(width >= PNG_MIN_WIDTH && width <= PNG_MAX_WIDTH)) {
    throw new RangeError(`widthPx must be an integer from ${PNG_MIN_WIDTH} to ${PNG_MAX_WIDTH}`);
  }
  return renderSlot(() => renderer.render(svg, width));
}
