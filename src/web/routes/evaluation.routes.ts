/**
 * ★3/★4 third-party evaluation over the API: the public list of evaluation bodies, their
 * registration by an operator admin, the evaluation body's own work on the applications assigned
 * to it (verdicts, ICS/IXIT, report PDF, sign-off), and the evaluation as the operator and the
 * vendor read it. The report PDF travels as a raw `application/pdf` body.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createEvaluator } from '../../app/evaluation/create-evaluator.ts';
import { createEvaluationBody, getEvaluationBody, listEvaluationBodies, updateEvaluationBody } from '../../app/evaluation/evaluation-bodies.ts';
import { getApplicationEvaluation, getAssignedEvaluation, listAssignedApplications, readEvaluationReportFile } from '../../app/evaluation/get-evaluation.ts';
import { saveEvaluationReport } from '../../app/evaluation/save-evaluation-report.ts';
import { signOffEvaluationReport } from '../../app/evaluation/sign-off-report.ts';
import { uploadEvaluationReportFile } from '../../app/evaluation/upload-report-file.ts';
import { REPORT_PDF_MAX_BYTES } from '../../domain/evaluation.ts';
import { DomainError } from '../../domain/errors.ts';
import type { RouteDeps } from '../server.ts';
import { sendReportPdf } from '../workspace/evaluation/responses.ts';
import { AUTHENTICATED, IdParam, Line, problems, UserSchema } from '../schemas.ts';
import {
  AssignedApplicationSchema,
  EvaluationBodyInputSchema,
  EvaluationBodyPatchSchema,
  EvaluationBodySchema,
  EvaluationReportInputSchema,
  EvaluationViewSchema,
  EvaluatorInputSchema,
} from './evaluation.schemas.ts';

const security = AUTHENTICATED;
const bodies = { tags: ['evaluation'] };

export const evaluationRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  // Only in this plugin: the report upload is a PDF body, up to the report size limit.
  app.addContentTypeParser('application/pdf', { parseAs: 'buffer', bodyLimit: REPORT_PDF_MAX_BYTES + 1 }, (_request, body, done) => done(null, body));

  app.get('/api/v1/evaluation-bodies', {
    config: { permission: 'public' },
    schema: { ...bodies, summary: 'Evaluation bodies: accreditation number, scope (category × level) and period', response: { 200: Type.Array(EvaluationBodySchema) } },
  }, async () => listEvaluationBodies(ctx));

  app.get('/api/v1/evaluation-bodies/:id', {
    config: { permission: 'public' },
    schema: { ...bodies, summary: 'One evaluation body', params: IdParam, response: { 200: EvaluationBodySchema, ...problems(404) } },
  }, async (request) => getEvaluationBody(ctx, request.params.id));

  app.post('/api/v1/evaluation-bodies', {
    config: { permission: 'evaluation-bodies:manage' },
    schema: { ...bodies, summary: 'Register an evaluation body with its accreditation', security, body: EvaluationBodyInputSchema, response: { 201: EvaluationBodySchema, ...problems(400, 401, 403) } },
  }, async (request, reply) => reply.code(201).send(await createEvaluationBody(ctx, request.actor!, request.body)));

  app.patch('/api/v1/evaluation-bodies/:id', {
    config: { permission: 'evaluation-bodies:manage' },
    schema: { ...bodies, summary: 'Change an accreditation: period or scope', security, params: IdParam, body: EvaluationBodyPatchSchema, response: { 200: EvaluationBodySchema, ...problems(400, 401, 403, 404) } },
  }, async (request) => updateEvaluationBody(ctx, request.actor!, request.params.id, request.body));

  app.post('/api/v1/evaluation-bodies/:id/evaluators', {
    config: { permission: 'evaluation-bodies:manage' },
    schema: { ...bodies, summary: 'Create an evaluator user of the body', security, params: IdParam, body: EvaluatorInputSchema, response: { 201: UserSchema, ...problems(400, 401, 403, 404, 409) } },
  }, async (request, reply) => reply.code(201).send(await createEvaluator(ctx, request.actor!, request.params.id, request.body)));

  app.get('/api/v1/evaluation/applications', {
    config: { permission: 'evaluation:read' },
    schema: { ...bodies, summary: 'The applications assigned to your evaluation body', security, response: { 200: Type.Array(AssignedApplicationSchema), ...problems(401, 403) } },
  }, async (request) => listAssignedApplications(ctx, request.actor!));

  app.get('/api/v1/evaluation/applications/:id', {
    config: { permission: 'evaluation:read' },
    schema: { ...bodies, summary: 'An assigned application: checklist (ICS), test units and the current report', security, params: IdParam, response: { 200: EvaluationViewSchema, ...problems(401, 403, 404) } },
  }, async (request) => getAssignedEvaluation(ctx, request.actor!, request.params.id));

  app.patch('/api/v1/evaluation/applications/:id/report', {
    config: { permission: 'evaluation:write' },
    schema: { ...bodies, summary: 'Record verdicts (by test unit), the ICS and IXIT relied on, and a summary', security, params: IdParam, body: EvaluationReportInputSchema, response: { 200: EvaluationViewSchema, ...problems(400, 401, 403, 404, 409) } },
  }, async (request) => saveEvaluationReport(ctx, request.actor!, request.params.id, request.body));

  app.put('/api/v1/evaluation/applications/:id/report.pdf', {
    config: { permission: 'evaluation:write' },
    bodyLimit: REPORT_PDF_MAX_BYTES + 1,
    schema: {
      ...bodies,
      summary: 'Upload the report PDF (Content-Type: application/pdf; the file must start with %PDF-)',
      security,
      params: IdParam,
      querystring: Type.Object({ fileName: Type.Optional(Line(200)) }, { additionalProperties: false }),
      response: { 200: EvaluationViewSchema, ...problems(400, 401, 403, 404, 409, 413, 415) },
    },
  }, async (request) => {
    if (!Buffer.isBuffer(request.body)) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the report as Content-Type: application/pdf');
    return uploadEvaluationReportFile(ctx, request.actor!, request.params.id, { fileName: request.query.fileName, bytes: request.body });
  });

  app.get('/api/v1/evaluation/applications/:id/report.pdf', {
    config: { permission: 'evaluation:read' },
    schema: { ...bodies, summary: 'The current report PDF', security, params: IdParam, response: { ...problems(401, 403, 404) } },
  }, async (request, reply) => sendReportPdf(reply, await readEvaluationReportFile(ctx, request.actor!, request.params.id)));

  app.post('/api/v1/evaluation/applications/:id/sign-off', {
    config: { permission: 'evaluation:write' },
    schema: { ...bodies, summary: 'Sign off the report; refused naming every missing or failed test unit', security, params: IdParam, response: { 200: EvaluationViewSchema, ...problems(401, 403, 404, 409, 422) } },
  }, async (request) => signOffEvaluationReport(ctx, request.actor!, request.params.id));

  app.get('/api/v1/applications/:id/evaluation', {
    config: { permission: 'applications:read' },
    schema: { ...bodies, summary: 'The evaluation of a ★3/★4 application (operator; the vendor its own)', security, params: IdParam, response: { 200: EvaluationViewSchema, ...problems(401, 403, 404) } },
  }, async (request) => getApplicationEvaluation(ctx, request.actor!, request.params.id));

  app.get('/api/v1/applications/:id/evaluation/report.pdf', {
    config: { permission: 'applications:read' },
    schema: { ...bodies, summary: 'The report PDF of a ★3/★4 application (operator; the vendor its own)', security, params: IdParam, response: { ...problems(401, 403, 404) } },
  }, async (request, reply) => sendReportPdf(reply, await readEvaluationReportFile(ctx, request.actor!, request.params.id)));
};
