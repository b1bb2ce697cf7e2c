/**
 * The evaluation body's pages under /evaluation: its assigned applications, and for each one the
 * verdict form, the report PDF upload and the sign-off. The same use cases as
 * /api/v1/evaluation/…; a refusal comes back on the page with what was typed and every reason.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findEvaluationBody } from '../../../app/evaluation/evaluation-bodies.ts';
import { getAssignedEvaluation, listAssignedApplications, readEvaluationReportFile } from '../../../app/evaluation/get-evaluation.ts';
import { saveEvaluationReport } from '../../../app/evaluation/save-evaluation-report.ts';
import { signOffEvaluationReport } from '../../../app/evaluation/sign-off-report.ts';
import { uploadEvaluationReportFile } from '../../../app/evaluation/upload-report-file.ts';
import { VERDICTS, type Verdict, type VerdictInput } from '../../../domain/evaluation.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { formValue, type WorkspaceDeps } from '../workspace.ts';
import { AssignedMain } from './assigned-view.tsx';
import { evaluationPage, idParam, page, sendEvaluationPage } from './kit.tsx';
import { isEvaluationFormError, sendReportPdf, statusOf } from './responses.ts';
import { evaluationPath, noteField, ReportMain, stateOf, verdictField, type ReportFormState } from './report-form-view.tsx';

const DONE = ['saved', 'uploaded', 'signed'] as const;

/** The verdicts the form sends, in test-unit order; units left unchosen are not sent. */
function readVerdicts(body: unknown, unitIds: readonly string[]): VerdictInput[] {
  return unitIds.flatMap((unitId): VerdictInput[] => {
    const verdict = formValue(body, verdictField(unitId));
    if (!verdict || !(VERDICTS as readonly string[]).includes(verdict)) return [];
    const note = formValue(body, noteField(unitId))?.trim() ?? '';
    return [verdict === 'not_applicable' ? { unitId, verdict, reason: note } : { unitId, verdict: verdict as Verdict, evidence: note }];
  });
}

/** The form as sent, to show again beside a refusal. */
function stateFromForm(body: unknown, unitIds: readonly string[]): ReportFormState {
  return {
    ics: formValue(body, 'ics') ?? '',
    ixit: formValue(body, 'ixit') ?? '',
    summary: formValue(body, 'summary') ?? '',
    units: new Map(unitIds.map((id) => [id, { verdict: formValue(body, verdictField(id)) ?? '', note: formValue(body, noteField(id)) ?? '' }])),
  };
}

export async function evaluatorRoutes(app: FastifyInstance, deps: WorkspaceDeps): Promise<void> {
  const { ctx } = deps;
  const categoryName = (id: string, lang: 'ja' | 'en') => ctx.catalog.jcStar.categories.find((c) => c.id === id)?.name[lang] ?? id;

  app.get('/evaluation', page('evaluation:read'), async (request, reply) => {
    const actor = request.actor!;
    const [items, p, body] = await Promise.all([
      listAssignedApplications(ctx, actor),
      evaluationPage(request, reply, deps),
      actor.evaluationBodyId ? findEvaluationBody(ctx.db, actor.evaluationBodyId) : undefined,
    ]);
    return sendEvaluationPage(request, reply, deps, p, p.m.list.title, AssignedMain({ page: p, items, bodyName: body?.name[p.view.lang] ?? '' }));
  });

  async function show(request: FastifyRequest, reply: FastifyReply, form: { state?: ReportFormState; errors: FieldError[] }, status = 200) {
    const id = idParam(request);
    const [ev, p] = await Promise.all([getAssignedEvaluation(ctx, request.actor!, id), evaluationPage(request, reply, deps)]);
    const doneKey = DONE.find((k) => (request.query as Record<string, unknown>).done === k);
    const done = doneKey && status === 200 ? { saved: p.m.report.saved, uploaded: p.m.report.uploaded, signed: p.m.report.signedOff }[doneKey] : undefined;
    const main = ReportMain({ ev, page: p, categoryName: categoryName(ev.application.product.category, p.view.lang), state: form.state ?? stateOf(ev), errors: form.errors, done });
    return sendEvaluationPage(request, reply, deps, p, p.m.report.title(ev.application.applicationNumber), main, status);
  }

  /** Runs a write; a refusal the evaluator can act on is shown on the page, anything else is an error page. */
  async function act(request: FastifyRequest, reply: FastifyReply, done: (typeof DONE)[number], write: () => Promise<unknown>, state?: ReportFormState, pointerOf?: (p: string) => string) {
    try {
      await write();
    } catch (error) {
      if (!isEvaluationFormError(error)) throw error;
      reply.header('x-problem-code', error.code);
      const fields = error.fields.length ? error.fields : [{ pointer: '', detail: error.message }];
      const errors = fields.map((f) => ({ pointer: pointerOf ? pointerOf(f.pointer) : f.pointer, detail: f.detail }));
      return show(request, reply, { state, errors }, statusOf(error));
    }
    return reply.redirect(`${evaluationPath(idParam(request))}?done=${done}`, 303);
  }

  app.get('/evaluation/applications/:id', page('evaluation:read'), (request, reply) => show(request, reply, { errors: [] }));

  app.post('/evaluation/applications/:id/report', page('evaluation:write'), async (request, reply) => {
    const id = idParam(request);
    const ev = await getAssignedEvaluation(ctx, request.actor!, id);
    const unitIds = ev.testUnits.map((u) => u.id);
    const verdicts = readVerdicts(request.body, unitIds);
    const state = stateFromForm(request.body, unitIds);
    // The use case points at /verdicts/<index>; the page shows errors at the unit.
    const pointerOf = (p: string) => p.replace(/^\/verdicts\/(\d+)/, (_, i: string) => `/verdicts/${verdicts[Number(i)]?.unitId ?? i}`);
    const text = (name: string) => formValue(request.body, name) ?? '';
    return act(request, reply, 'saved', () => saveEvaluationReport(ctx, request.actor!, id, { ics: text('ics'), ixit: text('ixit'), summary: text('summary'), verdicts }), state, pointerOf);
  });

  app.post('/evaluation/applications/:id/report-file', page('evaluation:write'), async (request, reply) => {
    const id = idParam(request);
    const file = (request.body as Record<string, unknown> | undefined)?.report as { type?: string; filename?: string; toBuffer?: () => Promise<Buffer> } | undefined;
    const bytes = file?.type === 'file' && file.toBuffer ? await file.toBuffer() : Buffer.alloc(0);
    return act(request, reply, 'uploaded', () => uploadEvaluationReportFile(ctx, request.actor!, id, { fileName: file?.filename, bytes }));
  });

  app.post('/evaluation/applications/:id/sign-off', page('evaluation:write'), (request, reply) =>
    act(request, reply, 'signed', () => signOffEvaluationReport(ctx, request.actor!, idParam(request))));

  app.get('/evaluation/applications/:id/report.pdf', page('evaluation:read'), async (request, reply) =>
    sendReportPdf(reply, await readEvaluationReportFile(ctx, request.actor!, idParam(request))));
}
