/** The operator console under /console. */
import type { WorkspacePlugin } from '../workspace.ts';

export const CONSOLE_PLUGINS: readonly WorkspacePlugin[] = [];
