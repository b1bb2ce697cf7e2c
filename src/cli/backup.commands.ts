/**
 * `hoshi backup <file>` and `hoshi restore <file>`. They open the database directly rather than
 * through the runtime: a backup must not migrate the database, and a restore must not create a
 * signing key in an empty key directory before the operator restores the real ones.
 */
import type { Command } from 'commander';
import { backupDatabase, restoreDatabase } from '../ops/backup.ts';
import { OpsError } from '../ops/ops-error.ts';
import { configOrExit, fail, print } from './runtime.ts';

async function runOps(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof OpsError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    fail(error);
  }
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description('write a consistent online backup of the database to <file> (SQLite file or pg_dump archive); signing keys and attachment files are not included')
    .action((file: string) =>
      runOps(async () => {
        const config = configOrExit();
        const result = await backupDatabase(config.databaseUrl, file);
        print({
          ...result,
          signingKeys: `not included: back up ${config.signingKeyDir} separately, as a secret`,
          attachments: `not included: copy ${config.attachmentDir} now, after this backup`,
        });
      }),
    );

  program
    .command('restore <file>')
    .description('restore a backup into the database of DATABASE_URL, which must be empty unless --force')
    .option('--force', 'replace a database that holds data (stop every server first)')
    .action((file: string, o: { force?: boolean }) =>
      runOps(async () => {
        const config = configOrExit();
        const result = await restoreDatabase(config.databaseUrl, file, { force: Boolean(o.force), signingKeyDir: config.signingKeyDir, attachmentDir: config.attachmentDir });
        print(result);
        if (result.signingKeys.status === 'missing') process.stderr.write(`WARNING: ${result.signingKeys.detail}\n`);
        if (result.attachments.status === 'missing') process.stderr.write(`WARNING: ${result.attachments.detail}\n`);
      }),
    );
}
