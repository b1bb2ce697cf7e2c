/** The evaluation body's pages under /evaluation (★3/★4 third-party evaluation). */
import type { WorkspacePlugin } from '../workspace.ts';
import { evaluatorRoutes } from './evaluator.routes.tsx';

export const EVALUATION_PLUGINS: readonly WorkspacePlugin[] = [evaluatorRoutes];
