import type { Command } from 'commander';
import { changeLabelStatus } from '../app/labels/change-label-status.ts';
import { listPublicLabels } from '../app/labels/list-public-labels.ts';
import { getPublicLabel } from '../app/labels/public-label.ts';
import { refreshTrigramCounts } from '../app/labels/trigram-counts.ts';
import { print, resolveActor, withRuntime } from './runtime.ts';

export function registerLabelCommands(program: Command): void {
  const labels = program.command('labels').description('the label registry');
  labels
    .command('list')
    .option('--q <text>')
    .option('--status <status>')
    .option('--level <n>')
    .option('--limit <n>', 'page size', '20')
    .option('--cursor <cursor>')
    .action((o) =>
      withRuntime(async (rt) =>
        print(await listPublicLabels(rt.ctx, { q: o.q, status: o.status, level: o.level ? Number(o.level) : undefined, limit: Number(o.limit), cursor: o.cursor })),
      ),
    );
  labels
    .command('show <registrationNumber>')
    .option('--at <iso>', 'status at this instant')
    .action((rn, o) => withRuntime(async (rt) => print(await getPublicLabel(rt.ctx, rn, o.at ? new Date(o.at) : undefined))));
  labels
    .command('search-statistics')
    .description("PostgreSQL: rebuild the search's trigram counts now (the job worker does it every 6 hours)")
    .action(() => withRuntime(async (rt) => print({ rebuilt: await refreshTrigramCounts(rt.ctx.db, { force: true }) })));
  for (const action of ['suspend', 'reinstate', 'revoke', 'withdraw'] as const) {
    labels
      .command(`${action} <registrationNumber>`)
      .requiredOption('--reason <text>', 'public reason shown in the label history')
      .option('--as <email>', 'act as this user (default: system)')
      .action((rn, o) => withRuntime(async (rt) => print(await changeLabelStatus(rt.ctx, await resolveActor(rt, o.as), rn, action, o.reason))));
  }
}
