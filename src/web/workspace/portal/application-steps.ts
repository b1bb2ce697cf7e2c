/**
 * The wizard's steps of one application and where each one lives, so every page links the same
 * way, and a completeness problem (a JSON pointer from the use case) links to the step that fixes it.
 */
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import { isApplicationEditable } from '../../../domain/application-status.ts';

export const applicationPath = (id: string, step = '') => `/portal/applications/${encodeURIComponent(id)}${step ? `/${step}` : ''}`;

export type StepName = 'model-numbers' | 'checklist' | 'psti' | 'attachments';

/** The steps in order; the PSTI statement only on the psti route. */
export function stepsOf(app: Pick<ApplicationView, 'route'>): StepName[] {
  return app.route === 'psti' ? ['model-numbers', 'checklist', 'psti', 'attachments'] : ['model-numbers', 'checklist', 'attachments'];
}

/** The step after `step` (the overview after the last one). */
export function nextStepPath(app: Pick<ApplicationView, 'id' | 'route'>, step: StepName): string {
  const steps = stepsOf(app);
  const next = steps[steps.indexOf(step) + 1];
  return applicationPath(app.id, next ?? '');
}

/** Where a submission problem is fixed. */
export function pathForProblem(app: Pick<ApplicationView, 'id' | 'productId'>, pointer: string): string {
  if (pointer.startsWith('/checklist')) return applicationPath(app.id, 'checklist');
  if (pointer.startsWith('/pstiStatement')) return applicationPath(app.id, 'psti');
  if (pointer.startsWith('/modelNumbers')) return applicationPath(app.id, 'model-numbers');
  if (pointer.startsWith('/product')) return `/portal/products/${encodeURIComponent(app.productId)}`;
  return applicationPath(app.id);
}

export const isEditable = (app: Pick<ApplicationView, 'status'>) => isApplicationEditable(app.status);
