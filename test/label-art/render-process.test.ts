/**
 * The PNG render process: renders survive its retirement after a number of images or idle time,
 * and a render process that dies fails only the render it had.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderLabelSvg } from '../../src/web/label-art/label-svg.ts';
import { RenderProcess } from '../../src/web/label-art/render-process.ts';
import { readQr } from './decode.ts';

const urlOf = (i: number) => `https://registry.test/labels/JS1-2026-00000${i}-0`;
const svgOf = (i: number) => renderLabelSvg({ level: 1, registrationNumber: `JS1-2026-00000${i}-0`, url: urlOf(i), status: 'valid' });
const exited = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  return check();
};

describe('RenderProcess', () => {
  it('renders in a child that is replaced after its quota of images', async () => {
    const renderer = new RenderProcess({ rendersPerProcess: 2, idleExitMs: 60_000 });
    const pids: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const pending = renderer.render(svgOf(i), 300);
      pids.push(renderer.pid ?? -1);
      assert.equal(readQr(await pending), urlOf(i));
    }
    assert.notEqual(pids[0], process.pid);
    assert.equal(new Set(pids.filter((p) => p > 0)).size, 3, `pids ${pids}`);
    assert.ok(await until(() => exited(pids[0]!)), 'the first child exited after its quota');
    renderer.retire();
  });

  it('lets an idle child go, and starts another for the next render', async () => {
    const renderer = new RenderProcess({ rendersPerProcess: 100, idleExitMs: 200 });
    await renderer.render(svgOf(1), 300);
    const first = renderer.pid!;
    assert.ok(await until(() => exited(first)), 'the idle child exited');
    assert.equal(readQr(await renderer.render(svgOf(2), 300)), urlOf(2));
    assert.notEqual(renderer.pid, first);
    renderer.retire();
  });

  it('a child killed while idle is replaced without an error', async () => {
    const renderer = new RenderProcess({ rendersPerProcess: 100, idleExitMs: 60_000 });
    await renderer.render(svgOf(1), 300);
    const first = renderer.pid!;
    process.kill(first, 'SIGKILL');
    assert.ok(await until(() => renderer.pid === undefined), 'the dead child is forgotten');
    assert.equal(readQr(await renderer.render(svgOf(2), 300)), urlOf(2));
    assert.notEqual(renderer.pid, first);
    renderer.retire();
  });

  it('a killed child fails its render with an error; the next render works', async () => {
    const renderer = new RenderProcess({ rendersPerProcess: 100, idleExitMs: 60_000 });
    await renderer.render(svgOf(1), 300);
    const pending = renderer.render(svgOf(2), 4000);
    process.kill(renderer.pid!, 'SIGKILL');
    await assert.rejects(pending, /render process exited/);
    assert.equal(readQr(await renderer.render(svgOf(3), 300)), urlOf(3));
    renderer.retire();
  });
});
