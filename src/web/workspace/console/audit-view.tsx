/**
 * Audit trails as pages: one entry per event with when, who (name and role), the action, and the
 * changed fields with their values before and after (lists of model numbers as added/removed).
 * Used for one application, one label, and the registry-wide log at /console/audit.
 */
import type { Children } from '@kitajs/html';
import type { AuditEntry, FieldDiff } from '../../../app/console/audit-trail.ts';
import type { ViewContext } from '../shell.tsx';
import { DateTime, messagesFor } from './console-kit.tsx';

type M = ReturnType<typeof messagesFor>;

/** Where an audited entity is shown in the console, when it has a page there. */
export type EntityLink = (entry: AuditEntry) => { href: string; text: string } | null;

function Change({ diff, m }: { diff: FieldDiff; m: M }) {
  if (diff.added || diff.removed) {
    return (
      <li>
        <span class="mono" safe>{diff.path}</span>
        {diff.added?.length ? <span class="block-text console-after" safe>{`${m.audit.added}: ${diff.added.join(', ')}`}</span> : ''}
        {diff.removed?.length ? <span class="block-text console-before" safe>{`${m.audit.removed}: ${diff.removed.join(', ')}`}</span> : ''}
      </li>
    );
  }
  return (
    <li>
      <span class="mono" safe>{diff.path}</span>{' '}
      {diff.before !== null ? <del class="console-before" safe>{diff.before}</del> : ''}
      {diff.before !== null && diff.after !== null ? ' → ' : ''}
      {diff.after !== null ? <ins class="console-after" safe>{diff.after}</ins> : ''}
    </li>
  );
}

export function AuditList({ entries, view, link, expanded }: { entries: AuditEntry[]; view: ViewContext; link?: EntityLink; expanded?: boolean }) {
  const m = messagesFor(view.lang);
  if (!entries.length) return <p class="empty" safe>{m.audit.empty}</p>;
  return (
    <ol class="history console-audit">
      {entries.map((e) => {
        const target = link?.(e);
        return (
          <li class="history__item" data-action={e.action}>
            <p class="history__head">
              <span class="history__event mono" safe>{e.action}</span>
              <DateTime value={e.at} lang={view.lang} />
              <span class="muted" safe>{`${e.actor.name ?? (e.actor.role === 'system' ? m.system : e.actor.id ?? m.system)} (${e.actor.role})`}</span>
            </p>
            {target ? (
              <p>
                <span safe>{`${m.audit.target}: `}</span>
                <a href={target.href} safe>{target.text}</a>
              </p>
            ) : ''}
            {e.changes.length ? (
              <details class="console-audit__changes" open={expanded}>
                <summary safe>{`${m.audit.colChanges} (${e.changes.length + e.moreChanges})`}</summary>
                <ul class="plain-list break">
                  {e.changes.map((d) => <Change diff={d} m={m} />)}
                </ul>
                {e.moreChanges ? <p class="muted" safe>{m.audit.more(e.moreChanges)}</p> : ''}
              </details>
            ) : (
              <p class="muted" safe>{m.audit.noChanges}</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function AuditMain({ title, lede, back, children }: { title: string; lede: string; back: { href: string; text: string } | null; children: Children }) {
  return (
    <>
      <div class="intro">
        <h1 class="page-title" safe>{title}</h1>
        <p class="lede" safe>{lede}</p>
        {back ? (
          <p>
            <a href={back.href} safe>{back.text}</a>
          </p>
        ) : ''}
      </div>
      <section class="block">{children}</section>
    </>
  );
}
