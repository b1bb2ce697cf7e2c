/**
 * A `hoshi serve` child process that a test can kill without warning and start again on the same
 * port and database, as a machine crash or an OOM kill would leave it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, ROOT } from './instance.ts';


export class ServerProcess {
  private child: ChildProcess | undefined;
  starts = 0;

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server and resolves once it listens. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'warn', ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    this.child = child;
    this.starts++;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('hoshi registry on')) resolve();
      });
      child.once('exit', (code, signal) => reject(new Error(`server exited during start (${signal ?? code}): ${out}`)));
    });
  }

  /** SIGKILL: no shutdown hook runs, open transactions are cut off mid-way. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}
