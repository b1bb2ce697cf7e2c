/**
 * The model-numbers step of an application: typed in (one per line) or imported from a CSV file.
 * Both go through importModelNumbers, which checks every row with the API's rules and changes
 * nothing while any row is wrong; the page then lists each bad row with its reason.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import { getApplication } from '../../../app/applications/get-applications.ts';
import { importModelNumbers } from '../../../app/applications/model-number-csv.ts';
import { validationError, type FieldError } from '../../../domain/errors.ts';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { applicationPath, nextStepPath } from './application-steps.ts';
import { actorOf, doneKey, errorsOf, hidden, idParam, isFormError, portalPage, sendPortal, statusOf, uploadedFile } from './kit.tsx';
import { ModelNumbersMain } from './model-numbers-view.tsx';
import { uploadScope } from './upload-scope.ts';

export async function modelNumberRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const write = { ...hidden, config: { permission: 'applications:write' as const } };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { text?: string; errors?: FieldError[]; csvErrors?: FieldError[]; status?: number; application?: ApplicationView } = {},
  ) => {
    const application = state.application ?? (await getApplication(ctx, actorOf(request), idParam(request)));
    const page = await portalPage(request, reply, deps);
    const imported = /^imported-(\d+)$/.exec(doneKey(request) ?? '');
    const done = imported ? page.m.models.imported(Number(imported[1])) : doneKey(request) === 'saved' ? page.view.shell.saved : undefined;
    return sendPortal(request, reply, deps, page, page.m.models.title, ModelNumbersMain({
      page,
      app: application,
      text: state.text ?? application.modelNumbers.join('\n'),
      errors: state.errors ?? [],
      csvErrors: state.csvErrors ?? [],
      done,
    }), state.status ?? 200);
  };

  app.get('/portal/applications/:id/model-numbers', write, (request, reply) => show(request, reply));

  app.post('/portal/applications/:id/model-numbers', write, async (request, reply) => {
    const text = formValue(request.body, 'modelNumbers') ?? '';
    try {
      const saved = await importModelNumbers(ctx, actorOf(request), idParam(request), { text });
      return reply.redirect(formValue(request.body, 'then') === 'next' ? nextStepPath(saved, 'model-numbers') : `${applicationPath(saved.id, 'model-numbers')}?done=saved`, 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return show(request, reply, { text, csvErrors: error.fields.some((f) => f.pointer.startsWith('/rows/')) ? error.fields : [], errors: errorsOf(error), status: statusOf(error) });
    }
  });

  await uploadScope(app, (scope) => void scope.post('/portal/applications/:id/model-numbers/csv', write, async (request, reply) => {
    try {
      const file = await uploadedFile(request.body, 'csv');
      if (!file) throw validationError([{ pointer: '/file', detail: (await portalPage(request, reply, deps)).m.models.noFile }]);
      const saved = await importModelNumbers(ctx, actorOf(request), idParam(request), { csv: file.content });
      return reply.redirect(`${applicationPath(saved.id, 'model-numbers')}?done=imported-${saved.modelNumbers.length}`, 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return show(request, reply, { csvErrors: error.fields.some((f) => f.pointer.startsWith('/rows/')) ? error.fields : [], errors: errorsOf(error), status: statusOf(error) });
    }
  }));
}
