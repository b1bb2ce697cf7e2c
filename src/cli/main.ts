/** The `hoshi` command line. Every command calls the same use cases as the HTTP API. */
import { Command, Option } from 'commander';
import { migrateToLatest } from '../store/database.ts';
import { seedDemo, isDatabaseEmpty } from '../demo/seed-demo.ts';
import { seedSynthetic } from '../demo/synthetic.ts';
import { progressBar } from './progress.ts';
import { registerAdminCommands } from './admin.commands.ts';
import { registerEvaluationCommands } from './evaluation.commands.ts';
import { registerBackupCommands } from './backup.commands.ts';
import { registerApplicationCommands } from './applications.commands.ts';
import { registerLabelCommands } from './labels.commands.ts';
import { registerTransparencyCommands } from './transparency.commands.ts';
import { print, withRuntime } from './runtime.ts';
import { serve } from './serve.ts';

const program = new Command('hoshi')
  .description('JC-STAR label registry. Configuration comes from the environment (see README).')
  .showHelpAfterError();

program
  .command('serve')
  .description('start the HTTP server')
  .addOption(new Option('--demo', 'load the demo dataset first when the database is empty'))
  .action(serve);

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(() =>
    withRuntime(async (runtime) => {
      const result = await migrateToLatest(runtime.ctx.db);
      print({ applied: result.results?.map((r) => r.migrationName) ?? [] });
    }, { migrate: false }),
  );

program
  .command('seed')
  .description('load a dataset into an empty database: --demo, or --synthetic for benchmarks')
  .option('--demo', 'the demo dataset (fictional vendors and products, every status)')
  .option('--synthetic', 'a deterministic synthetic registry for benchmarks')
  .option('--labels <n>', 'synthetic: number of labels', '1000')
  .option('--models-per-label <m>', 'synthetic: model numbers per label', '10')
  .option('--seed <n>', 'synthetic: random seed', '20261125')
  .action((o) =>
    withRuntime(async (runtime) => {
      if (!o.demo === !o.synthetic) throw new Error('Choose one of --demo or --synthetic.');
      if (!(await isDatabaseEmpty(runtime.ctx))) throw new Error('The database is not empty; datasets load only into an empty one.');
      if (o.demo) return print({ logins: await seedDemo(runtime.ctx) });
      const started = Date.now();
      const result = await seedSynthetic(runtime.ctx, {
        labels: Number(o.labels),
        modelsPerLabel: Number(o.modelsPerLabel),
        seed: Number(o.seed),
        onProgress: progressBar,
      });
      process.stderr.write('\n');
      print({ ...result, seconds: (Date.now() - started) / 1000 });
    }),
  );

registerAdminCommands(program);
registerEvaluationCommands(program);
registerApplicationCommands(program);
registerLabelCommands(program);
registerTransparencyCommands(program);
registerBackupCommands(program);

await program.parseAsync(process.argv);
