/** The vendor portal under /portal. One line per group of pages. */
import type { WorkspacePlugin } from '../workspace.ts';
import { applicationRoutes } from './applications.routes.tsx';
import { attachmentRoutes } from './attachments.routes.tsx';
import { checklistRoutes } from './checklist.routes.tsx';
import { homeRoutes } from './home.routes.tsx';
import { labelRoutes } from './labels.routes.tsx';
import { modelNumberRoutes } from './model-numbers.routes.tsx';
import { productRoutes } from './products.routes.tsx';
import { pstiRoutes } from './psti.routes.tsx';
import { tokenRoutes } from './tokens.routes.tsx';
import { vendorSecurityRoutes } from './vendor-security.routes.tsx';
import { evaluatedApplicationRoutes } from './evaluated-application.routes.tsx';

export const PORTAL_PLUGINS: readonly WorkspacePlugin[] = [
  homeRoutes,
  productRoutes,
  applicationRoutes,
  modelNumberRoutes,
  checklistRoutes,
  pstiRoutes,
  attachmentRoutes,
  labelRoutes,
  vendorSecurityRoutes,
  tokenRoutes,
  evaluatedApplicationRoutes,
];
