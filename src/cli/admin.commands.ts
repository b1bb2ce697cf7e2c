import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { createApiToken } from '../app/users/credentials.ts';
import { createUser } from '../app/users/create-user.ts';
import { createVendor } from '../app/vendors/create-vendor.ts';
import { listVendors } from '../app/vendors/list-vendors.ts';
import { DomainError } from '../domain/errors.ts';
import type { Role } from '../domain/roles.ts';
import { print, resolveActor, withRuntime } from './runtime.ts';

export function registerAdminCommands(program: Command): void {
  const vendors = program.command('vendors').description('vendor organisations');
  vendors
    .command('add')
    .requiredOption('--name-ja <name>')
    .requiredOption('--name-en <name>')
    .requiredOption('--address <address>')
    .requiredOption('--country <code>', 'ISO 3166-1 alpha-2')
    .option('--corporate-number <number>', '法人番号 (13 digits)')
    .option('--legal-entity-proof <text>')
    .option('--website <url>')
    .option('--as <email>', 'act as this user (default: system)')
    .action((o) =>
      withRuntime(async (rt) =>
        print(
          await createVendor(rt.ctx, await resolveActor(rt, o.as), {
            nameJa: o.nameJa, nameEn: o.nameEn, address: o.address, country: o.country,
            corporateNumber: o.corporateNumber, legalEntityProof: o.legalEntityProof, website: o.website,
          }),
        ),
      ),
    );
  vendors.command('list').action(() => withRuntime(async (rt) => print(await listVendors(rt.ctx, await resolveActor(rt, undefined)))));

  const users = program.command('users').description('user accounts');
  users
    .command('add')
    .requiredOption('--email <email>')
    .requiredOption('--role <role>', 'vendor_member | vendor_admin | reviewer | operator_admin')
    .option('--name <displayName>')
    .option('--vendor <vendorId>', 'required for vendor roles')
    .option('--password-env <VAR>', 'read the password from this environment variable (default: generate one and print it)')
    .action((o) =>
      withRuntime(async (rt) => {
        const generated = o.passwordEnv ? undefined : randomBytes(12).toString('base64url');
        const password = o.passwordEnv ? process.env[o.passwordEnv] : generated;
        if (!password) throw new DomainError('VALIDATION_FAILED', `Environment variable ${o.passwordEnv} is empty`);
        const user = await createUser(rt.ctx, await resolveActor(rt, undefined), {
          email: o.email, displayName: o.name ?? o.email, password, role: o.role as Role, vendorId: o.vendor ?? null,
        });
        print({ ...user, ...(generated && { password: generated }) });
      }),
    );

  const tokens = program.command('tokens').description('API tokens');
  tokens
    .command('create')
    .requiredOption('--email <email>', 'the user the token acts as')
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--expires-in-days <days>', 'lifetime in days (default: no expiry)')
    .action((o) =>
      withRuntime(async (rt) => {
        const user = await resolveActor(rt, o.email);
        print(await createApiToken(rt.ctx, { ...user, role: 'system' }, { userId: user.userId!, name: o.name, expiresInDays: o.expiresInDays ? Number(o.expiresInDays) : null }));
      }),
    );
}
