import type { Command } from 'commander';
import { getApplication, listApplications } from '../app/applications/get-applications.ts';
import { acceptApplication, recordPayment, rejectApplication, returnApplication, withdrawApplication } from '../app/applications/review-application.ts';
import { submitApplication } from '../app/applications/submit-application.ts';
import { issueLabel } from '../app/labels/issue-label.ts';
import { print, resolveActor, withRuntime } from './runtime.ts';

/** The reviewer's queue and decisions from the terminal. */
export function registerApplicationCommands(program: Command): void {
  const apps = program.command('applications').description('applications and review decisions (use --as to act as a user)');
  const withActor = (cmd: Command) => cmd.option('--as <email>', 'act as this user (default: system)');

  withActor(apps.command('list').option('--status <status>').option('--vendor <vendorId>')).action((o) =>
    withRuntime(async (rt) => print(await listApplications(rt.ctx, await resolveActor(rt, o.as), { status: o.status, vendorId: o.vendor }))),
  );
  withActor(apps.command('show <id>')).action((id, o) => withRuntime(async (rt) => print(await getApplication(rt.ctx, await resolveActor(rt, o.as), id))));
  withActor(apps.command('submit <id>')).action((id, o) => withRuntime(async (rt) => print(await submitApplication(rt.ctx, await resolveActor(rt, o.as), id))));
  withActor(apps.command('return <id>').requiredOption('--comment <text>')).action((id, o) =>
    withRuntime(async (rt) => print(await returnApplication(rt.ctx, await resolveActor(rt, o.as), id, o.comment))),
  );
  withActor(apps.command('accept <id>').option('--comment <text>')).action((id, o) =>
    withRuntime(async (rt) => print(await acceptApplication(rt.ctx, await resolveActor(rt, o.as), id, o.comment))),
  );
  withActor(apps.command('reject <id>').requiredOption('--reason <text>')).action((id, o) =>
    withRuntime(async (rt) => print(await rejectApplication(rt.ctx, await resolveActor(rt, o.as), id, o.reason))),
  );
  withActor(apps.command('payment <id>').requiredOption('--reference <text>').option('--paid-at <iso>')).action((id, o) =>
    withRuntime(async (rt) =>
      print(await recordPayment(rt.ctx, await resolveActor(rt, o.as), id, { reference: o.reference, ...(o.paidAt && { paidAt: new Date(o.paidAt) }) })),
    ),
  );
  withActor(apps.command('issue <id>').option('--valid-until <iso>')).action((id, o) =>
    withRuntime(async (rt) => print(await issueLabel(rt.ctx, await resolveActor(rt, o.as), id, o.validUntil ? { validUntil: new Date(o.validUntil) } : {}))),
  );
  withActor(apps.command('withdraw <id>').option('--reason <text>')).action((id, o) =>
    withRuntime(async (rt) => print(await withdrawApplication(rt.ctx, await resolveActor(rt, o.as), id, o.reason))),
  );
}
