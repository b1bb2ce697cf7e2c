/** The operator console under /console: one plugin per page group, registered in this order. */
import type { WorkspacePlugin } from '../workspace.ts';
import { applicationRoutes } from './application.routes.tsx';
import { auditRoutes } from './audit.routes.tsx';
import { dashboardRoutes } from './dashboard.routes.tsx';
import { labelRoutes } from './labels.routes.tsx';
import { queueRoutes } from './queue.routes.tsx';
import { evaluationReviewRoutes } from './evaluation-review.routes.tsx';

export const CONSOLE_PLUGINS: readonly WorkspacePlugin[] = [
  queueRoutes,
  applicationRoutes,
  labelRoutes,
  dashboardRoutes,
  auditRoutes,
  evaluationReviewRoutes,
];
