/** The vendor portal under /portal. */
import type { WorkspacePlugin } from '../workspace.ts';

export const PORTAL_PLUGINS: readonly WorkspacePlugin[] = [];
