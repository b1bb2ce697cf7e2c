/**
 * `hoshi evaluation-bodies …` and `hoshi evaluators add`: registering ★3/★4 evaluation bodies with
 * their accreditation, and their evaluator accounts, through the same use cases as the API.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { createEvaluator } from '../app/evaluation/create-evaluator.ts';
import { createEvaluationBody, listEvaluationBodies } from '../app/evaluation/evaluation-bodies.ts';
import { DomainError, validationError } from '../domain/errors.ts';
import { print, resolveActor, withRuntime } from './runtime.ts';

/** "network-camera:3,network-camera:4" → scope entries. */
export function parseScope(text: string): Array<{ category: string; level: number }> {
  return text.split(',').map((part, i) => {
    const match = /^\s*([a-z0-9-]+):([1-4])\s*$/.exec(part);
    if (!match) throw validationError([{ pointer: `/scope/${i}`, detail: `"${part}" is not category:level, e.g. network-camera:3` }]);
    return { category: match[1]!, level: Number(match[2]) };
  });
}

export function registerEvaluationCommands(program: Command): void {
  const bodies = program.command('evaluation-bodies').description('★3/★4 evaluation bodies and their accreditation');
  bodies
    .command('add')
    .requiredOption('--name-ja <name>')
    .requiredOption('--name-en <name>')
    .requiredOption('--accreditation-number <number>', 'e.g. "ASNITE 0123 T"')
    .requiredOption('--from <date>', 'accredited from (YYYY-MM-DD, inclusive)')
    .requiredOption('--until <date>', 'accredited until (YYYY-MM-DD, inclusive)')
    .requiredOption('--scope <list>', 'category:level pairs, e.g. network-camera:3,network-camera:4')
    .option('--basis <text>', 'default: ASNITE (NITE), ISO/IEC 17025')
    .option('--website <url>')
    .option('--as <email>', 'act as this user (default: system)')
    .action((o) =>
      withRuntime(async (rt) =>
        print(await createEvaluationBody(rt.ctx, await resolveActor(rt, o.as), {
          nameJa: o.nameJa, nameEn: o.nameEn, accreditationNumber: o.accreditationNumber, accreditedFrom: o.from, accreditedUntil: o.until,
          scope: parseScope(o.scope), ...(o.basis && { accreditationBasis: o.basis }), website: o.website ?? null,
        })),
      ),
    );
  bodies.command('list').action(() => withRuntime(async (rt) => print(await listEvaluationBodies(rt.ctx))));

  program
    .command('evaluators')
    .description('evaluator accounts of an evaluation body')
    .command('add')
    .requiredOption('--body <id>', 'the evaluation body')
    .requiredOption('--email <email>')
    .option('--name <displayName>')
    .option('--password-env <VAR>', 'read the password from this environment variable (default: generate one and print it)')
    .action((o) =>
      withRuntime(async (rt) => {
        const generated = o.passwordEnv ? undefined : randomBytes(12).toString('base64url');
        const password = o.passwordEnv ? process.env[o.passwordEnv] : generated;
        if (!password) throw new DomainError('VALIDATION_FAILED', `Environment variable ${o.passwordEnv} is empty`);
        const user = await createEvaluator(rt.ctx, await resolveActor(rt, undefined), o.body, { email: o.email, displayName: o.name ?? o.email, password });
        print({ ...user, ...(generated && { password: generated }) });
      }),
    );
}
