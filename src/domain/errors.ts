/**
 * The one catalogue of error codes. Codes are stable public identifiers: never rename or reuse
 * one; add a new code instead. Each maps to one HTTP status at the edge (src/web/problem.ts).
 * docs/errors.md is checked against this table by a test.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid', description: 'One or more fields are missing or malformed; `errors` lists each one with a JSON pointer.' },
  MALFORMED_JSON: { status: 400, title: 'The request body is not valid JSON', description: 'The body could not be parsed as JSON.' },
  INVALID_CURSOR: { status: 400, title: 'The pagination cursor is not valid', description: 'Pass back a `nextCursor` exactly as received, with the same filters.' },
  UNAUTHENTICATED: { status: 401, title: 'Authentication required', description: 'Send a session cookie or an `Authorization: Bearer` API token.' },
  INVALID_CREDENTIALS: { status: 401, title: 'E-mail or password is wrong', description: 'The log-in failed. The message does not say which part was wrong.' },
  FORBIDDEN: { status: 403, title: 'Not allowed for your role', description: 'Your role does not grant the permission this operation needs.' },
  NOT_FOUND: { status: 404, title: 'Not found', description: 'The resource does not exist, or it belongs to another organisation.' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route', description: 'No API route matches this method and path.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type', description: 'Request bodies must be `application/json`.' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large', description: 'The body exceeds the configured MAX_BODY_BYTES.' },
  EMAIL_TAKEN: { status: 409, title: 'E-mail address already registered', description: 'A user with this e-mail address exists.' },
  CORPORATE_NUMBER_TAKEN: { status: 409, title: 'Corporate number already registered', description: 'Another vendor organisation has this corporate number.' },
  MODEL_NUMBER_TAKEN: { status: 409, title: 'Model number already used', description: 'Another product of the same vendor already lists this model number.' },
  APPLICATION_NOT_EDITABLE: { status: 409, title: 'Application cannot be edited now', description: 'Applications can be edited only in the draft and returned states.' },
  APPLICATION_STATE_CONFLICT: { status: 409, title: 'Application is not in a state that allows this', description: 'The transition is not allowed from the current state; `currentStatus` says where it stands.' },
  CHECKLIST_INCOMPLETE: { status: 422, title: 'Checklist is incomplete', description: 'Every assessment item needs an answer before submission; `errors` names each missing or invalid one.' },
  CRITERIA_NOT_AVAILABLE: { status: 422, title: 'No criteria for this level', description: 'The catalogue has no criteria document in force for the requested level.' },
  FEE_NOT_DEFINED: { status: 422, title: 'No fee defined', description: 'The fee schedule has no entry for this level, route and submission date.' },
  LABEL_STATE_CONFLICT: { status: 409, title: 'Label is not in a state that allows this', description: 'E.g. suspending a revoked label; `currentStatus` says where it stands.' },
  RENEWAL_WINDOW_CLOSED: { status: 409, title: 'Renewal is not open for this label', description: 'Renewal opens a fixed number of days before expiry (our policy) and closes at expiry.' },
  RENEWAL_ALREADY_OPEN: { status: 409, title: 'A renewal application is already open', description: 'Only one renewal application per label may be in progress.' },
  ROUTE_NOT_AVAILABLE: { status: 422, title: 'Application route not available', description: 'No recognition rule for this route (e.g. `psti`) is in force on the date, or it does not cover the requested level.' },
  PSTI_LISTING_STATE_CONFLICT: { status: 409, title: 'PSTI listing is not in a state that allows this', description: 'E.g. a second listing request while one is pending or approved, or a decision on a request that is not pending; `currentStatus` says where it stands.' },
  VENDOR_REQUIRED: { status: 422, title: 'Vendor users need a vendor', description: 'Users with a vendor role must belong to a vendor organisation; operator roles must not.' },
  RATE_LIMITED: { status: 429, title: 'Too many attempts', description: 'Log-in is locked for this account after repeated failures, or too many sign-ups, password resets, second-factor codes or subscriptions came from this address or for this account, or this address used up its per-minute request budget; `retryAfterSeconds` (and the Retry-After header) says when to try again.' },
  SUPPORT_PERIOD_SHORTENED: { status: 422, title: 'A support period cannot be shortened', description: 'A support period end may only be extended; `currentEndsOn` gives the end declared now. Every declaration is kept and shown.' },
  CSAF_INVALID: { status: 422, title: 'The CSAF document is not valid', description: 'The advisory failed the CSAF 2.0 schema or a mandatory test (section 6.1); `errors` lists every failed test with the JSON pointer it concerns.' },
  ADVISORY_NOT_MATCHED: { status: 422, title: 'The advisory names none of your products', description: 'No product in the CSAF product tree matched a model number, product name or product id of your products; `unmatched` lists what the document names.' },
  ADVISORY_REVISION_STALE: { status: 409, title: 'A newer revision of this advisory is already imported', description: 'The stored advisory with this tracking id has a later `current_release_date`; `currentRevision` gives it.' },
  SECURITY_TXT_INVALID: { status: 422, title: 'The security.txt file is not valid', description: 'RFC 9116 requires at least one Contact and exactly one Expires in the future; `errors` lists every problem by line.' },
  WEBHOOK_URL_REFUSED: { status: 422, title: 'Webhook address refused', description: 'Webhook URLs must be https (http only where configured) and must not resolve to private, loopback or link-local addresses.' },
  SUBSCRIPTION_STATE_CONFLICT: { status: 409, title: 'Subscription is not in a state that allows this', description: 'E.g. redelivering to a subscription that is not active; `currentStatus` says where it stands.' },
  CSRF_FAILED: { status: 403, title: 'The form has expired or did not come from this site', description: 'Every form of the web portal carries a token bound to your browser and session; reload the page and submit again.' },
  EMAIL_NOT_VERIFIED: { status: 403, title: 'E-mail address not verified yet', description: 'A vendor that signed up logs in after following the link in the verification e-mail; signing up again sends a new link.' },
  SECOND_FACTOR_REQUIRED: { status: 401, title: 'A second factor is required', description: 'The account has a TOTP second factor: log in through the web log-in, which asks for the code, or use an API token.' },
  SECOND_FACTOR_INVALID: { status: 401, title: 'The code is wrong', description: 'The 6-digit code is wrong, expired or was already used. Each code is accepted once.' },
  LAST_ADMIN: { status: 409, title: 'The last administrator cannot be removed', description: 'An organisation (or the operator team) keeps at least one active administrator; make someone else an administrator first.' },
  ATTACHMENT_TYPE_REFUSED: { status: 415, title: 'File type not accepted', description: 'Attachments must be PDF, PNG or JPEG files of at most 10 MB, recognised from their content (never from the file name); anything else is refused and nothing is stored.' },
  EVALUATION_BODY_NOT_ACCREDITED: { status: 422, title: 'The evaluation body is not accredited for this', description: 'The accreditation of the named evaluation body does not cover the product category and level, or is not in force on the date (not yet, or ended); `detail` says which.' },
  EVALUATION_STATE_CONFLICT: { status: 409, title: 'The evaluation report cannot be changed now', description: 'The report was signed off already, or the application is not waiting for evaluation (submitted or resubmitted); `currentStatus` says where the application stands.' },
  EVALUATION_REPORT_INCOMPLETE: { status: 422, title: 'The evaluation report cannot be signed off', description: 'Every test unit needs a verdict and none may have failed, and the ICS, the IXIT and the report PDF must be there; `errors` names each gap and each failed test unit.' },
  EVALUATION_NOT_SIGNED_OFF: { status: 409, title: 'The evaluation report is not signed off', description: 'A ★3/★4 application is accepted, and its label issued, only on a report that its evaluation body signed off for the current submission.' },
  INTERNAL: { status: 500, title: 'Internal error', description: 'Something failed on our side; nothing was changed. The `instance` identifies the request in our logs.' },
} as const satisfies Record<string, { status: number; title: string; description: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** One offending field: a JSON pointer into the request and a human explanation. */
export interface FieldError {
  pointer: string;
  detail: string;
}

/** A failure the domain or a use case expects and explains. Never carries HTTP concerns. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    detail?: string,
    readonly fields: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? ERROR_CATALOGUE[code].title);
    this.name = 'DomainError';
  }
}

export function validationError(fields: FieldError[], detail?: string): DomainError {
  return new DomainError(
    'VALIDATION_FAILED',
    detail ?? fields.map((f) => `${f.pointer || '/'}: ${f.detail}`).join('; '),
    fields,
  );
}
