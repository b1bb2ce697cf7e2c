/**
 * Keys, log export, offline verification and monitoring. The verify and monitor commands need no
 * database: only files (or a URL) and the published keys.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { exportTiles } from '../app/transparency/export-tiles.ts';
import { trustedKeysFromJwks } from '../verify/keys.ts';
import { monitorOnce, type MonitorState } from '../verify/monitor.ts';
import { verifyReceipt, type VerifyResult } from '../verify/verify-receipt.ts';
import { verifySnapshot } from '../verify/verify-snapshot.ts';
import { directoryTileSource, verifyTiles } from '../verify/verify-tiles.ts';
import { print, withRuntime } from './runtime.ts';

function report(result: VerifyResult): void {
  for (const fact of result.facts) process.stdout.write(`ok    ${fact}\n`);
  for (const problem of result.problems) process.stdout.write(`FAIL  ${problem}\n`);
  process.stdout.write(result.ok ? 'VERIFIED\n' : 'NOT VERIFIED\n');
  if (!result.ok) process.exitCode = 1;
}

const keysFrom = (file: string) => trustedKeysFromJwks(fs.readFileSync(file, 'utf8'));

export function registerTransparencyCommands(program: Command): void {
  const keys = program.command('keys').description('the registry signing keys');
  keys.command('list').action(() => withRuntime(async (rt) => print(rt.ctx.keys.all().map((k) => ({ ...k, publicKey: Buffer.from(k.publicKey).toString('base64') })))));
  keys
    .command('rotate')
    .description('create a new signing key; the old one stays published for verification')
    .action(() => withRuntime(async (rt) => print({ kid: (await rt.ctx.keys.rotate(rt.ctx.clock.now())).kid })));

  program
    .command('log')
    .description('the transparency log')
    .command('export-tiles <dir>')
    .description('write the log as static C2SP tlog-tiles files (checkpoint, tiles, entry bundles)')
    .action((dir) => withRuntime(async (rt) => print(await exportTiles(rt.ctx, dir))));

  const verify = program.command('verify').description('verify registry data offline against the published keys (a JWKS file)');
  verify
    .command('receipt <labelJson>')
    .description('a label JSON with its receipt (GET /api/v1/labels/{rn})')
    .requiredOption('--keys <jwks>', 'the registry JWKS (/.well-known/jwks.json)')
    .action((file, o) => report(verifyReceipt(JSON.parse(fs.readFileSync(file, 'utf8')), keysFrom(o.keys).notes)));
  verify
    .command('snapshot <jws>')
    .description('a signed snapshot (GET /api/v1/snapshot), optionally replayed against a copy of the log')
    .requiredOption('--keys <jwks>', 'the registry JWKS')
    .option('--tiles <dir>', 'exported log tiles to replay the statuses from')
    .action(async (file, o) => {
      const trusted = keysFrom(o.keys);
      const result = await verifySnapshot(fs.readFileSync(file, 'utf8'), trusted);
      if (result.ok && o.tiles && result.payload) {
        const tiles = verifyTiles(directoryTileSource(o.tiles), trusted.notes, { snapshot: result.payload });
        result.facts.push(...tiles.facts);
        result.problems.push(...tiles.problems);
        result.ok = tiles.ok;
      }
      report(result);
    });
  verify
    .command('tiles <dir>')
    .description('a copy of the log tiles: signature, root, entries, status replay')
    .requiredOption('--keys <jwks>', 'the registry JWKS')
    .option('--previous <checkpoint>', 'an earlier checkpoint note file the log must extend')
    .action((dir, o) =>
      report(verifyTiles(directoryTileSource(dir), keysFrom(o.keys).notes, o.previous ? { previousCheckpoint: fs.readFileSync(o.previous, 'utf8') } : {})),
    );

  program
    .command('monitor <baseUrl>')
    .description('follow a registry log; alarm (exit 2) on a fork, rollback, rewrite or replaced key')
    .requiredOption('--keys <jwks>', 'the pinned registry JWKS')
    .requiredOption('--state <file>', 'where the last good checkpoint is kept')
    .option('--interval <seconds>', 'keep watching, checking every N seconds')
    .action(async (baseUrl, o) => {
      const verifiers = keysFrom(o.keys).notes;
      const check = async () => {
        const previous = fs.existsSync(o.state) ? (JSON.parse(fs.readFileSync(o.state, 'utf8')) as MonitorState) : undefined;
        const result = await monitorOnce(baseUrl, verifiers, previous);
        for (const fact of result.facts) process.stdout.write(`ok    ${fact}\n`);
        for (const alarm of result.alarms) process.stdout.write(`ALARM ${alarm}\n`);
        if (result.state && result.alarms.length === 0) fs.writeFileSync(o.state, `${JSON.stringify(result.state, null, 2)}\n`);
        return result.alarms.length === 0;
      };
      if (!o.interval) {
        if (!(await check())) process.exitCode = 2;
        return;
      }
      for (;;) {
        if (!(await check())) {
          process.exitCode = 2;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Number(o.interval) * 1000));
      }
    });
}
