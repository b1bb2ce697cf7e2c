/**
 * PNG rendering in a separate, short-lived process. resvg-js 2.6 keeps about 2 MB of native memory
 * per render (the font files it loads each time) and never gives it back, even after a forced
 * garbage collection: 200 renders grew a process by 450 MB (upstream thx/resvg-js#216). A server
 * that renders in its own process therefore grows with every new label image. Here a child
 * process renders at most RENDERS_PER_PROCESS images, or stays idle IDLE_EXIT_MS, then exits and
 * takes that memory with it; the next render starts a new one (about 0.1 s).
 *
 * The bundle (dist/) carries its own build of the child; a source checkout runs the TypeScript
 * file through tsx's loader.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const RENDERS_PER_PROCESS = 10;
export const IDLE_EXIT_MS = 2_000;

interface Reply {
  id: number;
  png?: Uint8Array;
  error?: string;
}

function childEntry(): { file: string; execArgv: string[] } {
  const bundled = fileURLToPath(new URL('./png-render-child.mjs', import.meta.url));
  if (fs.existsSync(bundled)) return { file: bundled, execArgv: [] };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file: fileURLToPath(new URL('./png-render-child.ts', import.meta.url)), execArgv: ['--import', tsx] };
}

interface Waiter {
  child: ChildProcess;
  resolve: (png: Buffer) => void;
  reject: (error: Error) => void;
}

export class RenderProcess {
  private child: ChildProcess | undefined;
  private renders = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Waiter>();
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly limits = { rendersPerProcess: RENDERS_PER_PROCESS, idleExitMs: IDLE_EXIT_MS }) {}

  /** The current render process, if one is running. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  render(svg: string, width: number): Promise<Buffer> {
    clearTimeout(this.idleTimer);
    const child = this.current();
    const id = this.nextId++;
    this.renders++;
    const png = new Promise<Buffer>((resolve, reject) => {
      this.pending.set(id, { child, resolve, reject });
      // While it renders, the child (and its channel) keep the event loop alive; idle, neither does.
      child.ref();
      child.channel?.ref();
      child.send({ id, svg, width });
    });
    if (this.renders >= this.limits.rendersPerProcess) this.retire();
    return png;
  }

  /** Ends the current child once its renders in flight are done; the next render starts another. */
  retire(): void {
    const child = this.child;
    this.child = undefined;
    this.renders = 0;
    if (child?.connected && !this.busy(child)) child.disconnect();
  }

  private busy(child: ChildProcess): boolean {
    for (const waiter of this.pending.values()) if (waiter.child === child) return true;
    return false;
  }

  private settled(child: ChildProcess): void {
    if (this.busy(child)) return;
    if (child !== this.child) {
      if (child.connected) child.disconnect();
      return;
    }
    child.unref();
    child.channel?.unref();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.retire(), this.limits.idleExitMs).unref();
  }

  private current(): ChildProcess {
    if (this.child) return this.child;
    const { file, execArgv } = childEntry();
    const child = fork(file, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.png) waiter.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
      else waiter.reject(new Error(`PNG rendering failed: ${reply.error}`));
      this.settled(child);
    });
    // A crash, or a child that could not start, fails only the renders it had; the next render
    // starts a new process.
    const fail = (reason: string) => {
      if (this.child === child) this.retire();
      for (const [id, waiter] of this.pending) {
        if (waiter.child !== child) continue;
        this.pending.delete(id);
        waiter.reject(new Error(reason));
      }
    };
    child.on('exit', (code, signal) => fail(`the render process exited (${signal ?? code})`));
    child.on('error', (error) => fail(`the render process failed: ${error.message}`));
    this.child = child;
    return child;
  }
}
