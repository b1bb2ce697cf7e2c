/**
 * The UK PSTI step of a `psti` application: the statement of compliance, saved whole with
 * updateApplication (a draft may be incomplete but what it says is checked: the support period,
 * the manufacturer being the applicant).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import { getApplication } from '../../../app/applications/get-applications.ts';
import { updateApplication } from '../../../app/applications/update-application.ts';
import { DomainError, type FieldError } from '../../../domain/errors.ts';
import type { PstiStatement } from '../../../domain/psti-statement.ts';
import { ApplicationPatchSchema } from '../../schemas.ts';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { applicationPath, nextStepPath } from './application-steps.ts';
import { schemaErrors } from './form-check.ts';
import { actorOf, doneKey, errorsOf, hidden, idParam, isFormError, optional, portalPage, sendPortal, statusOf } from './kit.tsx';
import { PSTI_DATE_FIELDS, PSTI_TEXT_FIELDS, PstiMain } from './psti-view.tsx';

function statementOf(body: unknown): PstiStatement {
  const statement: PstiStatement = {
    declaration: formValue(body, 'declaration') === 'true' ? true : null,
    isProxy: formValue(body, 'isProxy') === 'true',
    proxyNote: optional(body, 'proxyNote'),
  };
  for (const name of [...PSTI_TEXT_FIELDS, ...PSTI_DATE_FIELDS]) statement[name] = optional(body, name);
  return statement;
}

export async function pstiRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const write = { ...hidden, config: { permission: 'applications:write' as const } };

  const load = async (request: FastifyRequest) => {
    const application = await getApplication(ctx, actorOf(request), idParam(request));
    if (application.route !== 'psti') throw new DomainError('NOT_FOUND', 'This application is not on the UK PSTI route');
    return application;
  };
  const show = async (request: FastifyRequest, reply: FastifyReply, application: ApplicationView, statement: PstiStatement, errors: FieldError[], status = 200) => {
    const page = await portalPage(request, reply, deps);
    const done = doneKey(request) === 'saved' ? page.view.shell.saved : undefined;
    return sendPortal(request, reply, deps, page, page.m.psti.title, PstiMain({ page, app: application, statement, errors, done }), status);
  };

  app.get('/portal/applications/:id/psti', write, async (request, reply) => {
    const application = await load(request);
    return show(request, reply, application, application.pstiStatement ?? {}, []);
  });

  app.post('/portal/applications/:id/psti', write, async (request, reply) => {
    const application = await load(request);
    const statement = statementOf(request.body);
    const invalid = schemaErrors(ApplicationPatchSchema, { pstiStatement: statement });
    if (invalid.length) return show(request, reply, application, statement, invalid, 400);
    try {
      const saved = await updateApplication(ctx, actorOf(request), application.id, { pstiStatement: statement });
      return reply.redirect(formValue(request.body, 'then') === 'next' ? nextStepPath(saved, 'psti') : `${applicationPath(saved.id, 'psti')}?done=saved`, 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      return show(request, reply, application, statement, errorsOf(error), statusOf(error));
    }
  });
}
