/** Calendar rules. Instants are `Date`s; the scheme's calendar dates are Japan Standard Time. */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

/** The JST calendar date (YYYY-MM-DD) of an instant. */
export function jstDate(instant: Date): string {
  return new Date(instant.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

export function jstYear(instant: Date): number {
  return Number(jstDate(instant).slice(0, 4));
}

/**
 * Adds calendar months in JST, clamping to the month's last day (2024-02-29 + 24 months is
 * 2026-02-28, not March 1st), keeping the time of day.
 */
export function addMonths(instant: Date, months: number): Date {
  const local = new Date(instant.getTime() + JST_OFFSET_MS);
  const day = local.getUTCDate();
  const target = new Date(local.getTime());
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return new Date(target.getTime() - JST_OFFSET_MS);
}

export function addDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * 24 * 60 * 60 * 1000);
}

/** The instant a JST calendar date begins. */
export function startOfJstDate(date: string): Date {
  return new Date(new Date(`${date}T00:00:00.000Z`).getTime() - JST_OFFSET_MS);
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
