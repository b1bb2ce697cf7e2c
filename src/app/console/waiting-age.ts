/**
 * How long an application has been waiting, in whole days since it entered its current status
 * (the submission for a submitted application, the acceptance for one awaiting payment, …). The
 * queue shows the number and the dashboard groups by the same buckets, so both must agree: this
 * module is the one place the rule and the bucket bounds live.
 */
const DAY_MS = 86_400_000;

/** Upper bounds (inclusive, in days) of the age buckets; the last bucket is open-ended. */
export const AGE_BUCKET_MAX_DAYS = [7, 14, 30, 60] as const;
export const AGE_BUCKET_COUNT = AGE_BUCKET_MAX_DAYS.length + 1;

/** Whole days from `since` to `now` (0 on the day itself, never negative). */
export function ageInDays(since: string | Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(since).getTime()) / DAY_MS));
}

/** The bucket index (0 … AGE_BUCKET_COUNT - 1) of an age in days. */
export function ageBucket(days: number): number {
  const index = AGE_BUCKET_MAX_DAYS.findIndex((max) => days <= max);
  return index === -1 ? AGE_BUCKET_MAX_DAYS.length : index;
}

/**
 * The instant before which `since` must lie for an age above `maxDays`: ages ≤ maxDays are
 * exactly the `since` values strictly after it. Lets SQL bucket by comparing ISO strings.
 */
export function olderThanBound(maxDays: number, now: Date): string {
  return new Date(now.getTime() - (maxDays + 1) * DAY_MS).toISOString();
}

/** The first and last day of each bucket, for headings ("0–7", "61+"). */
export function bucketRanges(): Array<{ from: number; to: number | null }> {
  return [...AGE_BUCKET_MAX_DAYS, null].map((to, i) => ({ from: i === 0 ? 0 : AGE_BUCKET_MAX_DAYS[i - 1]! + 1, to }));
}
