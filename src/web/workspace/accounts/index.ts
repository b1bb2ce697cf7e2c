/** The account pages: log-in and log-out (and, as they are added, sign-up, verification, reset, invitations, second factor). */
import type { WorkspacePlugin } from '../workspace.ts';
import { loginRoutes } from './login.routes.tsx';

export const ACCOUNT_PLUGINS: readonly WorkspacePlugin[] = [loginRoutes];
