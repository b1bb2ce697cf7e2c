/** The reviewer's decisions on an application before the label: return, accept, reject, payment. */
import { DomainError, validationError } from '../../domain/errors.ts';
import { feeFor } from '../../domain/fees.ts';
import { formatAcceptanceNumber, sequenceName } from '../../domain/registration-number.ts';
import { jstDate, jstYear } from '../../domain/time.ts';
import { nextSequenceValue } from '../../store/sequences.ts';
import type { Actor, AppContext } from '../context.ts';
import { transitionApplication } from './application-transition.ts';
import { isThirdPartyLevel, requireSignedOffReport } from '../evaluation/reports.ts';
import type { ApplicationView } from './application-view.ts';

const COMMENT_MAX = 4000;

function requireText(value: string | undefined | null, pointer: string): string {
  const text = value?.trim() ?? '';
  if (!text) throw validationError([{ pointer, detail: 'required' }]);
  if (text.length > COMMENT_MAX) throw validationError([{ pointer, detail: `at most ${COMMENT_MAX} characters` }]);
  return text;
}

/** Sends a submitted application back to the vendor with comments saying what to correct. */
export function returnApplication(ctx: AppContext, actor: Actor, id: string, comment: string): Promise<ApplicationView> {
  return transitionApplication(ctx, actor, id, {
    action: 'return',
    permission: 'applications:review',
    event: 'application.returned',
    comment: requireText(comment, '/comment'),
  });
}

/**
 * Accepts an application: gives it an acceptance number (受理番号) and fixes the fee due from the
 * schedule in force on the first submission date (JST). A ★3/★4 application is accepted only on
 * the report its evaluation body signed off for the current submission (EVALUATION_NOT_SIGNED_OFF).
 */
export function acceptApplication(ctx: AppContext, actor: Actor, id: string, comment?: string): Promise<ApplicationView> {
  return transitionApplication(ctx, actor, id, {
    action: 'accept',
    permission: 'applications:review',
    event: 'application.accepted',
    comment: comment?.trim() || null,
    apply: async (trx, row, now) => {
      if (isThirdPartyLevel(ctx, row.level)) await requireSignedOffReport(trx, row);
      const submittedOn = jstDate(new Date(row.submitted_at ?? now));
      const fee = feeFor(ctx.catalog.jcStar.fees, row.level, row.route, submittedOn);
      if (!fee) throw new DomainError('FEE_NOT_DEFINED', `No fee for level ${row.level}, route ${row.route}, submitted ${submittedOn}`);
      const serial = await nextSequenceValue(trx, sequenceName.acceptance(jstYear(now)));
      return { acceptance_number: formatAcceptanceNumber(jstYear(now), serial), fee_jpy: fee.amountJpy };
    },
  });
}

export function rejectApplication(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<ApplicationView> {
  return transitionApplication(ctx, actor, id, {
    action: 'reject',
    permission: 'applications:review',
    event: 'application.rejected',
    comment: requireText(reason, '/reason'),
  });
}

/** Records that the fee was received (fees are not refundable). */
export function recordPayment(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { reference: string; paidAt?: Date },
): Promise<ApplicationView> {
  const reference = requireText(input.reference, '/reference');
  return transitionApplication(ctx, actor, id, {
    action: 'record_payment',
    permission: 'applications:review',
    event: 'application.fee_paid',
    apply: async (_trx, _row, now) => {
      const paidAt = input.paidAt ?? now;
      if (paidAt.getTime() > now.getTime()) throw validationError([{ pointer: '/paidAt', detail: 'must not be in the future' }]);
      return { fee_paid_at: paidAt.toISOString(), payment_reference: reference };
    },
  });
}

/** The vendor (or an operator admin) withdraws an application before the fee is paid. */
export function withdrawApplication(ctx: AppContext, actor: Actor, id: string, reason?: string): Promise<ApplicationView> {
  return transitionApplication(ctx, actor, id, {
    action: 'withdraw',
    permission: 'applications:withdraw',
    event: 'application.withdrawn',
    comment: reason?.trim() || null,
  });
}
