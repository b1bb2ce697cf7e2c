/**
 * Calendar months in Japan Standard Time, as instants: the scheme's dates are JST, so a label
 * issued at 2026-05-31T16:00Z (01:00 on 1 June in Tokyo) counts towards June. Pure: the instant
 * "now" comes in as an argument.
 */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

export interface JstMonth {
  /** `YYYY-MM` of the month in JST. */
  month: string;
  /** The instant the month begins (00:00 JST on its first day). */
  start: Date;
  /** The instant the next month begins. */
  end: Date;
}

function monthStart(year: number, monthIndex: number): Date {
  return new Date(Date.UTC(year, monthIndex, 1) - JST_OFFSET_MS);
}

/** The `count` JST months that end with the month containing `now`, oldest first. */
export function lastJstMonths(now: Date, count: number): JstMonth[] {
  const local = new Date(now.getTime() + JST_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth();
  const months: JstMonth[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const start = monthStart(year, month - back);
    const end = monthStart(year, month - back + 1);
    const shifted = new Date(start.getTime() + JST_OFFSET_MS);
    months.push({ month: `${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}`, start, end });
  }
  return months;
}
