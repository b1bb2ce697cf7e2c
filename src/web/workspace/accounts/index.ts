/**
 * The account pages: log-in (with the second-factor step) and log-out, vendor sign-up and e-mail
 * verification, password reset, invitations, the team pages of the portal and the console, the
 * user's security settings, and the operator's view of the outbox.
 */
import type { WorkspacePlugin } from '../workspace.ts';
import { invitationRoutes } from './invitations.routes.tsx';
import { loginRoutes } from './login.routes.tsx';
import { mailViewerRoutes } from './mail-viewer.routes.tsx';
import { operatorTeamRoutes } from './operator-team.routes.tsx';
import { passwordResetRoutes } from './password-reset.routes.tsx';
import { securityRoutes } from './security.routes.tsx';
import { signupRoutes } from './signup.routes.tsx';
import { teamRoutes } from './team.routes.tsx';

export const ACCOUNT_PLUGINS: readonly WorkspacePlugin[] = [
  loginRoutes,
  signupRoutes,
  passwordResetRoutes,
  invitationRoutes,
  teamRoutes,
  operatorTeamRoutes,
  securityRoutes,
  mailViewerRoutes,
];
