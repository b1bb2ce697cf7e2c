/** The operator admin's team page in the console, /console/team (the shared team page, see team-view.tsx). */
import type { FastifyInstance } from 'fastify';
import type { WorkspaceDeps } from '../workspace.ts';
import { registerTeamRoutes, TEAM_BASE } from './team-view.tsx';

export async function operatorTeamRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  await registerTeamRoutes(app, deps, TEAM_BASE.operators);
}
