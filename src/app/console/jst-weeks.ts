/**
 * Calendar weeks in Japan Standard Time, Monday to Sunday, as instants, for the decisions-per-week
 * figure. Pure: "now" is an argument. Same approach as the stats module's JST months.
 */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;

export interface JstWeek {
  /** `YYYY-MM-DD` of the week's Monday in JST. */
  monday: string;
  /** 00:00 JST on the Monday. */
  start: Date;
  /** 00:00 JST on the next Monday. */
  end: Date;
}

/** The `count` JST weeks ending with the week containing `now`, oldest first. */
export function lastJstWeeks(now: Date, count: number): JstWeek[] {
  const local = new Date(now.getTime() + JST_OFFSET_MS);
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  const mondayLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - sinceMonday);
  const weeks: JstWeek[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const startLocal = mondayLocal - back * 7 * DAY_MS;
    weeks.push({
      monday: new Date(startLocal).toISOString().slice(0, 10),
      start: new Date(startLocal - JST_OFFSET_MS),
      end: new Date(startLocal + 7 * DAY_MS - JST_OFFSET_MS),
    });
  }
  return weeks;
}
