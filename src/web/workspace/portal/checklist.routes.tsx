/**
 * The checklist step. The form's answers become the API's checklist (evidence for "conforms",
 * reason for "not applicable") and are saved with updateApplication: a draft may be incomplete,
 * never wrong. Errors come back by answer index and are shown at their assessment item.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import { getApplication } from '../../../app/applications/get-applications.ts';
import { updateApplication } from '../../../app/applications/update-application.ts';
import { listApplicationAttachments } from '../../../app/attachments/list-attachments.ts';
import type { ChecklistAnswer } from '../../../domain/checklist.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { ApplicationPatchSchema } from '../../schemas.ts';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { applicationPath, nextStepPath } from './application-steps.ts';
import { answerField, ChecklistMain, noteField, type ItemState } from './checklist-view.tsx';
import { schemaErrors } from './form-check.ts';
import { actorOf, doneKey, errorsOf, hidden, idParam, isFormError, portalPage, sendPortal, statusOf } from './kit.tsx';

function stateOf(app: ApplicationView): Map<string, ItemState> {
  return new Map(app.checklist.map((a) => [a.itemId, { answer: a.answer, note: (a.answer === 'conforms' ? a.evidence : a.reason) ?? '' }]));
}

function toAnswers(state: Map<string, ItemState>): ChecklistAnswer[] {
  return [...state].filter(([, s]) => s.answer).map(([itemId, s]) =>
    s.answer === 'conforms' ? { itemId, answer: 'conforms', evidence: s.note } : { itemId, answer: 'not_applicable', reason: s.note });
}

/** Errors pointing at /checklist/<index>/… are shown at that answer's item. */
function byItem(errors: FieldError[], answers: ChecklistAnswer[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of errors) {
    const index = /^\/checklist\/(\d+)/.exec(e.pointer)?.[1];
    const itemId = index === undefined ? undefined : answers[Number(index)]?.itemId;
    if (itemId) map.set(itemId, [...(map.get(itemId) ?? []), e.detail]);
  }
  return map;
}

export async function checklistRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const write = { ...hidden, config: { permission: 'applications:write' as const } };

  const show = async (request: FastifyRequest, reply: FastifyReply, application: ApplicationView, state: Map<string, ItemState>, errors: FieldError[], answers: ChecklistAnswer[], status = 200) => {
    const [attachments, page] = await Promise.all([listApplicationAttachments(ctx, actorOf(request), application.id), portalPage(request, reply, deps)]);
    return sendPortal(request, reply, deps, page, page.m.checklist.title, ChecklistMain({
      page,
      app: application,
      criteria: ctx.catalog.criteria.get(application.criteria)!,
      state,
      itemErrors: byItem(errors, answers),
      errors,
      attachments,
      done: doneKey(request) === 'saved' ? page.view.shell.saved : undefined,
    }), status);
  };

  app.get('/portal/applications/:id/checklist', write, async (request, reply) => {
    const application = await getApplication(ctx, actorOf(request), idParam(request));
    return show(request, reply, application, stateOf(application), [], []);
  });

  app.post('/portal/applications/:id/checklist', write, async (request, reply) => {
    const actor = actorOf(request);
    const application = await getApplication(ctx, actor, idParam(request));
    const criteria = ctx.catalog.criteria.get(application.criteria)!;
    const recognised = new Set(application.recognisedRequirements.map((r) => r.requirementId));
    const state = new Map<string, ItemState>();
    for (const item of criteria.requirements.filter((r) => !recognised.has(r.id)).flatMap((r) => r.items)) {
      const answer = formValue(request.body, answerField(item.id));
      state.set(item.id, { answer: answer === 'conforms' || answer === 'not_applicable' ? answer : '', note: (formValue(request.body, noteField(item.id)) ?? '').trim() });
    }
    const answers = toAnswers(state);
    const invalid = schemaErrors(ApplicationPatchSchema, { checklist: answers });
    if (invalid.length) return show(request, reply, application, state, invalid, answers, 400);
    try {
      const saved = await updateApplication(ctx, actor, application.id, { checklist: answers });
      return reply.redirect(formValue(request.body, 'then') === 'next' ? nextStepPath(saved, 'checklist') : `${applicationPath(saved.id, 'checklist')}?done=saved`, 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return show(request, reply, application, state, errorsOf(error), answers, statusOf(error));
    }
  });
}
