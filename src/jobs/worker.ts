/**
 * The job worker every server process runs: a timer loop doing, each round, the time-driven
 * sweep and upkeep (at most once a minute), the fan-out of notification events, webhook
 * deliveries and outbox e-mails. Every step claims its rows with a lease (src/jobs/queue.ts), so
 * any number of processes can run this loop on one PostgreSQL database. A failing step is logged
 * and the loop goes on; nothing here may crash the process. When a batch comes back full the next
 * round starts at once, otherwise after `jobsPollMs`.
 */
import type { AppContext } from '../app/context.ts';
import type { Mailer } from '../notify/mailer.ts';
import type { NotifySettings } from '../notify/settings.ts';
import { processDueDeliveries } from './deliver-webhooks.ts';
import { processDueEmails } from './send-emails.ts';

export interface JobSteps {
  /** Creates deliveries and e-mails for new notification events; returns how many events it handled. */
  fanOut?: (ctx: AppContext) => Promise<number>;
  /** Records time-driven events (expiring, expired, support ended); returns how many. */
  sweep?: (ctx: AppContext) => Promise<number>;
  /** Upkeep that decides itself whether it is due (search statistics); offered with each sweep. */
  upkeep?: (ctx: AppContext) => Promise<unknown>;
}

/** The part of a pino logger the worker uses. */
export interface JobLogger {
  error(object: object, message?: string): void;
}

export interface RoundCounts {
  /** Null when the sweep was not due this round. */
  swept: number | null;
  fannedOut: number;
  deliveries: number;
  emails: number;
  /** Steps that threw (and were logged). */
  errors: number;
}

export interface JobWorker {
  /** Ends the loop; resolves once the round in progress, if any, has finished. */
  stop(): Promise<void>;
  /** Runs one round now (after any round in progress) and returns its counts. */
  runOnce(): Promise<RoundCounts>;
}

export interface WorkerOptions {
  logger?: JobLogger;
  /** Rows per batch for deliveries and e-mails (default 10). */
  batchSize?: number;
  /** Start the timer loop (default true); tests that only call runOnce pass false. */
  loop?: boolean;
}

export const SWEEP_INTERVAL_MS = 60_000;

const stderrLogger: JobLogger = {
  error: (object, message) => process.stderr.write(`${message ?? 'job worker error'}: ${String((object as { err?: unknown }).err ?? JSON.stringify(object))}\n`),
};

export function startJobWorker(ctx: AppContext, settings: NotifySettings, steps: JobSteps, mailer: Mailer, options: WorkerOptions = {}): JobWorker {
  const logger = options.logger ?? stderrLogger;
  const batchSize = options.batchSize ?? 10;
  let lastSweep: number | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<unknown> = Promise.resolve();

  async function step(name: string, run: () => Promise<number>, counts: RoundCounts): Promise<number> {
    try {
      return await run();
    } catch (err) {
      counts.errors++;
      try {
        logger.error({ err, step: name }, `job step ${name} failed`);
      } catch {
        // A broken logger must not stop the worker either.
      }
      return 0;
    }
  }

  async function round(): Promise<RoundCounts> {
    const counts: RoundCounts = { swept: null, fannedOut: 0, deliveries: 0, emails: 0, errors: 0 };
    const now = ctx.clock.now().getTime();
    if (steps.sweep && (lastSweep === null || now - lastSweep >= SWEEP_INTERVAL_MS)) {
      lastSweep = now;
      counts.swept = await step('sweep', () => steps.sweep!(ctx), counts);
      if (steps.upkeep) {
        await step('upkeep', async () => {
          await steps.upkeep!(ctx);
          return 0;
        }, counts);
      }
    }
    if (steps.fanOut) counts.fannedOut = await step('fanOut', () => steps.fanOut!(ctx), counts);
    counts.deliveries = await step('deliveries', () => processDueDeliveries(ctx, settings, { limit: batchSize }), counts);
    counts.emails = await step('emails', () => processDueEmails(ctx, mailer, settings, { limit: batchSize }), counts);
    return counts;
  }

  /** Rounds never overlap: each waits for the one before. */
  function enqueueRound(): Promise<RoundCounts> {
    const next = chain.then(round, round);
    chain = next.catch(() => undefined);
    return next;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = null;
      enqueueRound().then(
        (counts) => schedule(counts.deliveries >= batchSize || counts.emails >= batchSize ? 0 : settings.jobsPollMs),
        () => schedule(settings.jobsPollMs),
      );
    }, delayMs);
  }

  if (options.loop !== false) schedule(0);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await chain;
    },
    runOnce: enqueueRound,
  };
}
