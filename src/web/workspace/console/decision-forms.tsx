/**
 * The reviewer's decision forms on an application: only those the state machine allows now (the
 * read model lists them). Each is a plain POST form with the CSRF field; a refused decision comes
 * back to this page with the reviewer's text kept and the reason beside it.
 */
import type { Children } from '@kitajs/html';
import type { ApplicationReview, ReviewDecision } from '../../../app/console/application-review.ts';
import type { FieldError } from '../../../domain/errors.ts';
import { CsrfField, ErrorSummary, type ViewContext } from '../shell.tsx';
import type { messagesFor } from './console-kit.tsx';

type M = ReturnType<typeof messagesFor>;

/** The path segment of each decision's POST route. */
export const DECISION_PATH: Record<ReviewDecision, string> = { accept: 'accept', return: 'return', reject: 'reject', record_payment: 'payment', issue: 'issue' };

export interface DecisionState {
  /** The decision that was refused, with what the reviewer had typed. */
  action: ReviewDecision | null;
  values: Record<string, string>;
  errors: FieldError[];
}

function TextArea({ name, label, value, required, max }: { name: string; label: string; value: string; required?: boolean; max: number }) {
  return (
    <label class="form__field">
      <span safe>{label}</span>
      <textarea name={name} rows="4" maxlength={String(max)} required={required} safe>
        {value}
      </textarea>
    </label>
  );
}

function DecisionForm(props: { id: string; decision: ReviewDecision; heading: string; view: ViewContext; danger?: boolean; button: string; bare?: boolean; children: Children }) {
  const form = (
    <form class="form" method="post" action={`/console/applications/${props.id}/${DECISION_PATH[props.decision]}`}>
      <CsrfField token={props.view.csrf} />
      {props.children}
      <div>
        <button class={['button', props.danger ? 'console-danger' : 'button--primary']} type="submit" safe>{props.button}</button>
      </div>
    </form>
  );
  if (props.bare) return form;
  return (
    <section class="console-decision" aria-labelledby={`decision-${props.decision}`}>
      <h3 class="subheading" id={`decision-${props.decision}`} safe>{props.heading}</h3>
      {form}
    </section>
  );
}

export function DecisionBlock({ review, view, m, state }: { review: ApplicationReview; view: ViewContext; m: M; state: DecisionState }) {
  const a = m.app;
  const app = review.application;
  const value = (decision: ReviewDecision, name: string) => (state.action === decision ? state.values[name] ?? '' : '');
  const forms = review.decisions.map((decision) => {
    switch (decision) {
      case 'accept':
        return (
          <DecisionForm id={app.id} decision="accept" heading={a.accept} view={view} button={a.accept}>
            <p safe>{review.feePreviewJpy !== null ? a.acceptHint(m.yen(review.feePreviewJpy)) : a.acceptNoFee}</p>
            <TextArea name="comment" label={a.comment} value={value('accept', 'comment')} max={4000} />
          </DecisionForm>
        );
      case 'return':
        return (
          <DecisionForm id={app.id} decision="return" heading={a.returnHeading} view={view} button={a.returnButton}>
            <TextArea name="comment" label={a.returnComment} value={value('return', 'comment')} required max={4000} />
          </DecisionForm>
        );
      case 'reject':
        // Folded away (open again after a refused attempt), so the final decision is never the
        // first thing under the reviewer's thumb.
        return (
          <details class="console-decision" open={state.action === 'reject'}>
            <summary class="subheading" safe>{a.rejectHeading}</summary>
            <DecisionForm id={app.id} decision="reject" heading={a.rejectHeading} view={view} button={a.rejectButton} danger bare>
              <TextArea name="reason" label={a.rejectReason} value={value('reject', 'reason')} required max={4000} />
            </DecisionForm>
          </details>
        );
      case 'record_payment':
        return (
          <DecisionForm id={app.id} decision="record_payment" heading={a.paymentHeading} view={view} button={a.paymentButton}>
            {app.feeJpy !== null ? <p safe>{a.feeDue(m.yen(app.feeJpy))}</p> : ''}
            <label class="form__field">
              <span safe>{a.reference}</span>
              <input type="text" name="reference" value={value('record_payment', 'reference')} required maxlength="200" autocomplete="off" />
            </label>
            <label class="form__field">
              <span safe>{a.paidOn}</span>
              <input type="date" name="paidOn" value={value('record_payment', 'paidOn')} />
            </label>
          </DecisionForm>
        );
      case 'issue':
        return (
          <DecisionForm id={app.id} decision="issue" heading={a.issueHeading} view={view} button={a.issueButton}>
            <p safe>{a.issueHint}</p>
            <label class="form__field">
              <span safe>{a.validUntil}</span>
              <input type="date" name="validUntil" value={value('issue', 'validUntil')} />
            </label>
          </DecisionForm>
        );
    }
  });
  return (
    <section class="block" id="decision" aria-labelledby="decision-heading">
      <h2 class="block__heading" id="decision-heading" safe>{a.decisions}</h2>
      <ErrorSummary errors={state.errors} shell={view.shell} />
      {review.assessment === 'third-party' ? (
        <p>
          <span safe>{a.thirdParty}</span> <a href={`/console/evaluations/${app.id}`} safe>{a.evaluationLink}</a>
        </p>
      ) : ''}
      {review.label ? (
        <p>
          <span safe>{a.labelIssued(review.label.registrationNumber)}</span>{' '}
          <a href={`/console/labels/${encodeURIComponent(review.label.registrationNumber)}`} safe>{a.openLabel}</a>
        </p>
      ) : ''}
      {forms.length ? forms : review.label ? '' : <p safe>{a.noDecision}</p>}
    </section>
  );
}
