/**
 * The render process: answers {id, svg, width} messages from its server process with the PNG.
 * Started and retired by render-process.ts.
 */
import { rasterise } from './rasterise.ts';

interface RenderRequest {
  id: number;
  svg: string;
  width: number;
}

process.on('message', (message: RenderRequest) => {
  rasterise(message.svg, message.width).then(
    (png) => process.send!({ id: message.id, png }),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
// Its server process went away: nothing left to render for.
process.on('disconnect', () => process.exit(0));
