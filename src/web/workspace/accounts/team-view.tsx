/**
 * The team page, shared by the vendor portal (/portal/team) and the operator console
 * (/console/team): members with their roles and state, role changes, disabling, invitations. The
 * team is always the signed-in administrator's own (the use cases derive it from the actor), so
 * the two pages differ only in their address and area. Members are a stacked list, not a table,
 * so every action stays reachable at phone width.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inviteUser, listPendingInvitations, revokeInvitation, type InvitationView } from '../../../app/accounts/invitations.ts';
import { roleName } from '../../../app/accounts/role-names.ts';
import { teamRoles, type Team } from '../../../app/accounts/team-scope.ts';
import { changeUserRole, listTeam, setUserDisabled, type MemberView } from '../../../app/accounts/team.ts';
import type { Actor } from '../../../app/context.ts';
import { formatDate } from '../../pages/format.ts';
import { CsrfField, type ViewContext } from '../shell.tsx';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { accountPage, DoneNotice, Errors, Field, formErrors, isFormRefusal, NO_ERRORS, pageLang, queryValue, type FormErrors } from './account-kit.tsx';
import { ACCOUNT_MESSAGES } from './messages.ts';

export const TEAM_BASE = { vendor: '/portal/team', operators: '/console/team' } as const;

interface TeamPage {
  team: Team;
  members: MemberView[];
  invitations: InvitationView[];
  done: string | undefined;
  errors: FormErrors;
  invite: { email: string; role: string };
}

function RoleSelect({ name, id, roles, selected, lang }: { name: string; id: string; roles: readonly string[]; selected: string; lang: 'ja' | 'en' }) {
  return (
    <select name={name} id={id}>
      {roles.map((r) => <option value={r} selected={r === selected} safe>{roleName(r)[lang]}</option>)}
    </select>
  );
}

function MemberItem({ view, base, member, roles }: { view: ViewContext; base: string; member: MemberView; roles: readonly string[] }) {
  const m = ACCOUNT_MESSAGES[view.lang];
  const self = member.id === view.user?.id;
  return (
    <li class="team-member">
      <p class="team-member__name">
        <strong safe>{member.displayName}</strong>
        {self ? <span safe>{m.you}</span> : ''}
        <br />
        <span class="muted" safe>{member.email}</span>
      </p>
      <ul class="chips" aria-label={m.status}>
        <li class="chip" safe>{roleName(member.role)[view.lang]}</li>
        <li class="chip" safe>{member.disabledAt ? m.disabled : m.active}</li>
        {member.emailVerified ? '' : <li class="chip" safe>{m.unverified}</li>}
        {member.secondFactor ? <li class="chip" safe>{m.secondFactorOn}</li> : ''}
      </ul>
      <div class="team-member__actions">
        <form method="post" action={`${base}/users/${member.id}/role`} class="inline-form">
          <CsrfField token={view.csrf} />
          <label class="visually-hidden" for={`role-${member.id}`} safe>{`${m.role}: ${member.displayName}`}</label>
          <RoleSelect name="role" id={`role-${member.id}`} roles={roles} selected={member.role} lang={view.lang} />
          <button class="button" type="submit" safe>{m.changeRole}</button>
        </form>
        {self ? '' : (
          <form method="post" action={`${base}/users/${member.id}/${member.disabledAt ? 'enable' : 'disable'}`} class="inline-form">
            <CsrfField token={view.csrf} />
            <button class="button" type="submit" aria-label={`${member.disabledAt ? m.enable : m.disable}: ${member.displayName}`} safe>{member.disabledAt ? m.enable : m.disable}</button>
          </form>
        )}
      </div>
    </li>
  );
}

function TeamMain({ view, base, page }: { view: ViewContext; base: string; page: TeamPage }) {
  const m = ACCOUNT_MESSAGES[view.lang];
  const roles = teamRoles(page.team);
  return (
    <>
      <section class="block">
        <h1 class="page-title" safe>{page.team.kind === 'vendor' ? m.teamTitle : m.operatorTeamTitle}</h1>
        <DoneNotice text={page.done ? m.done[page.done] : undefined} />
        <Errors errors={page.errors} view={view} />
        <h2 class="block__heading" safe>{m.members}</h2>
        <ul class="plain-list team-list">
          {page.members.map((member) => <MemberItem view={view} base={base} member={member} roles={roles} />)}
        </ul>
      </section>
      <section class="block">
        <h2 class="block__heading" safe>{m.invitations}</h2>
        {page.invitations.length === 0 ? <p class="muted" safe>{m.noInvitations}</p> : (
          <ul class="plain-list team-list">
            {page.invitations.map((i) => (
              <li class="team-member">
                <p class="team-member__name">
                  <strong safe>{i.email}</strong>
                  <br />
                  <span class="muted" safe>{`${roleName(i.role)[view.lang]} · ${m.invitedOn} ${formatDate(i.createdAt, view.lang)} · ${m.expires} ${formatDate(i.expiresAt, view.lang)}`}</span>
                </p>
                <form method="post" action={`${base}/invitations/${i.id}/revoke`} class="inline-form">
                  <CsrfField token={view.csrf} />
                  <button class="button" type="submit" aria-label={`${m.revoke}: ${i.email}`} safe>{m.revoke}</button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="block narrow">
        <h2 class="block__heading" safe>{m.inviteTitle}</h2>
        <p safe>{m.inviteIntro}</p>
        <form class="form" method="post" action={`${base}/invitations`} novalidate>
          <CsrfField token={view.csrf} />
          <Field name="email" label={m.email} errors={page.errors} value={page.invite.email} type="email" required maxlength={254} autocomplete="off" />
          <div class="form__field">
            <label for="invite-role" safe>{m.role}</label>
            <RoleSelect name="role" id="invite-role" roles={roles} selected={page.invite.role || roles[0]!} lang={view.lang} />
          </div>
          <button class="button button--primary" type="submit" safe>{m.invite}</button>
        </form>
      </section>
    </>
  );
}

/** Registers the team page and its actions under `base` (/portal/team or /console/team). */
export async function registerTeamRoutes(app: FastifyInstance, deps: WorkspaceDeps, base: string): Promise<void> {
  const { ctx } = deps;
  const route = { config: { permission: 'users:manage' as const }, schema: { hide: true } };

  const show = async (request: FastifyRequest, reply: FastifyReply, extra: Partial<TeamPage> = {}, status = 200) => {
    const actor = request.actor!;
    const { team, members } = await listTeam(ctx, actor);
    const page: TeamPage = {
      team,
      members,
      invitations: await listPendingInvitations(ctx, actor),
      done: queryValue(request, 'done') || undefined,
      errors: NO_ERRORS,
      invite: { email: '', role: '' },
      ...extra,
    };
    return accountPage(request, reply, deps, (view, m) => ({
      title: team.kind === 'vendor' ? m.teamTitle : m.operatorTeamTitle,
      main: TeamMain({ view, base: TEAM_BASE[team.kind], page }),
    }), { status, area: team.kind === 'vendor' ? 'portal' : 'console' });
  };

  /** Runs an action; success goes back to the team page, a refusal shows it with the reasons. */
  const act = async (request: FastifyRequest, reply: FastifyReply, done: string, work: (actor: Actor) => Promise<unknown>, invite?: TeamPage['invite']) => {
    try {
      await work(request.actor!);
    } catch (error) {
      if (!isFormRefusal(error)) throw error;
      const status = error.code === 'VALIDATION_FAILED' ? 400 : 409;
      return show(request, reply, { errors: formErrors(error, pageLang(request, reply)), done: undefined, ...(invite && { invite }) }, status);
    }
    const team = (await listTeam(ctx, request.actor!)).team;
    return reply.redirect(`${TEAM_BASE[team.kind]}?done=${done}`, 303);
  };

  app.get(base, route, async (request, reply) => {
    const { team } = await listTeam(ctx, request.actor!);
    // Each administrator manages their own team; the other area's address leads there.
    if (TEAM_BASE[team.kind] !== base) return reply.redirect(TEAM_BASE[team.kind], 303);
    return show(request, reply);
  });

  app.post(`${base}/invitations`, route, async (request, reply) => {
    const invite = { email: formValue(request.body, 'email') ?? '', role: formValue(request.body, 'role') ?? '' };
    return act(request, reply, 'invited', (actor) => inviteUser(ctx, actor, { ...invite, lang: pageLang(request, reply) }), invite);
  });

  app.post(`${base}/invitations/:id/revoke`, route, async (request, reply) =>
    act(request, reply, 'revoked', (actor) => revokeInvitation(ctx, actor, (request.params as { id: string }).id)));

  app.post(`${base}/users/:id/role`, route, async (request, reply) =>
    act(request, reply, 'role', (actor) => changeUserRole(ctx, actor, (request.params as { id: string }).id, formValue(request.body, 'role') ?? '')));

  app.post(`${base}/users/:id/disable`, route, async (request, reply) =>
    act(request, reply, 'disabled', (actor) => setUserDisabled(ctx, actor, (request.params as { id: string }).id, true)));

  app.post(`${base}/users/:id/enable`, route, async (request, reply) =>
    act(request, reply, 'enabled', (actor) => setUserDisabled(ctx, actor, (request.params as { id: string }).id, false)));

}
