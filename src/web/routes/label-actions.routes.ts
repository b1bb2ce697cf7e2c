/** Operator actions on issued labels; each appends a dated, reasoned, public history event. */
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { changeLabelStatus } from '../../app/labels/change-label-status.ts';
import type { Permission } from '../../domain/roles.ts';
import type { RouteDeps } from '../server.ts';
import { AUTHENTICATED, LabelStatusSchema, problems, ReasonBody, RegistrationNumberParam } from '../schemas.ts';

const ACTIONS: Array<{ action: 'suspend' | 'reinstate' | 'revoke' | 'withdraw'; permission: Permission; summary: string }> = [
  { action: 'suspend', permission: 'labels:manage', summary: 'Suspend a valid label (e.g. during an inquiry)' },
  { action: 'reinstate', permission: 'labels:manage', summary: 'Reinstate a suspended label' },
  { action: 'revoke', permission: 'labels:manage', summary: 'Revoke a label (取消し); final' },
  { action: 'withdraw', permission: 'labels:withdraw', summary: "Withdraw a label at the vendor's request; final" },
];

export const labelActionRoutes = ({ ctx }: RouteDeps): FastifyPluginAsyncTypebox => async (app) => {
  for (const { action, permission, summary } of ACTIONS) {
    app.post(`/api/v1/labels/:registrationNumber/${action}`, {
      config: { permission },
      schema: {
        tags: ['labels'],
        summary,
        security: AUTHENTICATED,
        params: RegistrationNumberParam,
        body: ReasonBody,
        response: { 200: Type.Object({ registrationNumber: Type.String(), status: LabelStatusSchema }), ...problems(400, 401, 403, 404, 409) },
      },
    }, async (request) => changeLabelStatus(ctx, request.actor!, request.params.registrationNumber, action, request.body.reason));
  }
};
