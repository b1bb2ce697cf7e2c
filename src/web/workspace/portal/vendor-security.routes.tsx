/**
 * Vendor-wide security information in the portal: the security.txt (fileSecurityTxt) and CSAF
 * advisories (importAdvisory). A refused file shows every problem: each security.txt finding by
 * line, each failed CSAF test with the JSON pointer it concerns. Nothing is stored then.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { importAdvisory } from '../../../app/advisories/import-advisory.ts';
import { listAdvisories } from '../../../app/advisories/list-advisories.ts';
import type { ImportReport } from '../../../app/advisories/advisory-view.ts';
import { fileSecurityTxt, getSecurityTxt } from '../../../app/security-info/vendor-security-txt.ts';
import { DomainError, validationError, type FieldError } from '../../../domain/errors.ts';
import type { SecurityTxtIssue } from '../../../domain/security-txt.ts';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { actorOf, doneKey, errorsOf, hidden, isFormError, portalPage, sendPortal, statusOf, uploadedFile } from './kit.tsx';
import { uploadScope } from './upload-scope.ts';
import { AdvisoriesMain, SecurityTxtMain } from './vendor-security-view.tsx';

export async function vendorSecurityRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const maintain = { ...hidden, config: { permission: 'products:write' as const } };

  const showTxt = async (request: FastifyRequest, reply: FastifyReply, state: { text?: string; issues?: SecurityTxtIssue[]; errors?: FieldError[]; status?: number } = {}) => {
    const actor = actorOf(request);
    const current = await getSecurityTxt(ctx, actor.vendorId ?? '').catch((error) => {
      if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
      throw error;
    });
    const page = await portalPage(request, reply, deps);
    const done = doneKey(request) === 'saved' ? page.m.securityTxt.saved : undefined;
    return sendPortal(request, reply, deps, page, page.m.securityTxt.title, SecurityTxtMain({
      page, current, text: state.text ?? current?.raw ?? '', issues: state.issues ?? null, errors: state.errors ?? [], done,
    }), state.status ?? 200);
  };

  app.get('/portal/security-txt', maintain, (request, reply) => showTxt(request, reply));

  app.post('/portal/security-txt', maintain, async (request, reply) => {
    const actor = actorOf(request);
    // Browsers send CRLF line ends from a text area; the file is kept as the vendor wrote it, with LF.
    const text = (formValue(request.body, 'text') ?? '').replace(/\r\n/g, '\n');
    try {
      await fileSecurityTxt(ctx, actor, actor.vendorId ?? '', text);
      return reply.redirect('/portal/security-txt?done=saved', 303);
    } catch (error) {
      if (!isFormError(error)) throw error;
      const issues = error.code === 'SECURITY_TXT_INVALID' ? (error.extra.issues as SecurityTxtIssue[]) : undefined;
      return showTxt(request, reply, { text, ...(issues && { issues }), errors: errorsOf(error), status: statusOf(error) });
    }
  });

  await uploadScope(app, (scope) => {
    const showAdvisories = async (request: FastifyRequest, reply: FastifyReply, state: { report?: ImportReport; error?: DomainError } = {}) => {
      const [items, page] = await Promise.all([listAdvisories(ctx, actorOf(request)), portalPage(request, reply, deps)]);
      const e = state.error;
      const failed = e?.code === 'CSAF_INVALID'
        ? { tests: (e.extra.failedTests as string[] | undefined) ?? [], errorCount: Number(e.extra.errorCount ?? e.fields.length), errors: e.fields }
        : null;
      return sendPortal(request, reply, deps, page, page.m.advisories.title, AdvisoriesMain({
        page, items, report: state.report ?? null, failed, errors: e && !failed ? errorsOf(e) : [],
      }), e ? statusOf(e) : 200);
    };

    scope.get('/portal/advisories', maintain, (request, reply) => showAdvisories(request, reply));

    scope.post('/portal/advisories', maintain, async (request, reply) => {
      try {
        const page = await portalPage(request, reply, deps);
        const file = await uploadedFile(request.body, 'document');
        if (!file) throw validationError([{ pointer: '/file', detail: page.m.advisories.noFile }]);
        let document: unknown;
        try {
          document = JSON.parse(file.content.toString('utf8'));
        } catch {
          throw validationError([{ pointer: '/file', detail: page.m.advisories.notJson }]);
        }
        const report = await importAdvisory(ctx, actorOf(request), { document });
        return showAdvisories(request, reply, { report });
      } catch (error) {
        if (!isFormError(error)) throw error;
        return showAdvisories(request, reply, { error });
      }
    });
  });
}
