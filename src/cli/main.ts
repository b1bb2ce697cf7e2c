/** The `hoshi` command line. Every command calls the same use cases as the HTTP API. */
import { Command, Option } from 'commander';
import { migrateToLatest } from '../store/database.ts';
import { seedDemo, isDatabaseEmpty } from '../demo/seed-demo.ts';
import { registerAdminCommands } from './admin.commands.ts';
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
  .description('load a dataset')
  .requiredOption('--demo', 'the demo dataset (only into an empty database)')
  .action(() =>
    withRuntime(async (runtime) => {
      if (!(await isDatabaseEmpty(runtime.ctx))) throw new Error('The database is not empty; the demo dataset loads only into an empty one.');
      print({ logins: await seedDemo(runtime.ctx) });
    }),
  );

registerAdminCommands(program);
registerApplicationCommands(program);
registerLabelCommands(program);
registerTransparencyCommands(program);

await program.parseAsync(process.argv);
