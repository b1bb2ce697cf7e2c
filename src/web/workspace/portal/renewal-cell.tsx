/** What a label row says about renewal: the button while it may be opened, else why not. */
import type { VendorLabel } from '../../../app/applications/label-renewals.ts';
import { CsrfField } from '../shell.tsx';
import { applicationPath } from './application-steps.ts';
import { date, type PortalPage } from './kit.tsx';

export const portalLabelPath = (rn: string) => `/portal/labels/${encodeURIComponent(rn)}`;

export function RenewalCell({ page, label }: { page: PortalPage; label: VendorLabel }) {
  const { m, view } = page;
  const { renewal } = label;
  if (renewal.inProgress) return <a href={applicationPath(renewal.inProgress.id)} safe>{m.labels.renewalInProgress(renewal.inProgress.applicationNumber)}</a>;
  if (renewal.canOpen) {
    return (
      <form method="post" action={`${portalLabelPath(label.registrationNumber)}/renew`}>
        <CsrfField token={view.csrf} />
        <button class="button button--primary" type="submit" aria-label={`${m.labels.renew}: ${label.registrationNumber}`} safe>{m.labels.renew}</button>
      </form>
    );
  }
  // A valid label without an open window and no renewal in progress: the window is still ahead.
  if (label.status === 'valid') return <span class="muted" safe>{m.labels.renewalOpens(date(renewal.opensAt, view.lang))}</span>;
  return <span class="muted" safe>{m.labels.renewalClosed}</span>;
}
