/** The heading and step links above each page of an application (stacked on phones). */
import type { ApplicationView } from '../../../app/applications/application-view.ts';
import { applicationPath, stepsOf, type StepName } from './application-steps.ts';
import { AppStatus, type PortalPage } from './kit.tsx';

export function StepNav({ page, app, current, title }: { page: PortalPage; app: ApplicationView; current: StepName | 'overview'; title: string }) {
  const { m } = page;
  const names: Record<StepName | 'overview', string> = {
    overview: m.app.facts,
    'model-numbers': m.models.title,
    checklist: m.checklist.title,
    psti: m.psti.title,
    attachments: m.attachments.title,
  };
  const items: Array<StepName | 'overview'> = ['overview', ...stepsOf(app)];
  return (
    <>
      <p class="muted">
        {current === 'overview'
          ? <a href="/portal/applications" safe>{m.applications.title}</a>
          : <a href={applicationPath(app.id)} safe>{m.app.title(app.applicationNumber)}</a>}{' '}
        <AppStatus status={app.status} m={m} />
      </p>
      <h1 class="page-title" safe>{title}</h1>
      <nav class="steps" aria-label={m.app.steps}>
        <ol class="steps__list">
          {items.map((step) => (
            <li>
              <a href={applicationPath(app.id, step === 'overview' ? '' : step)} aria-current={step === current ? 'step' : undefined} safe>{names[step]}</a>
            </li>
          ))}
        </ol>
      </nav>
    </>
  );
}
