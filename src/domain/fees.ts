/** Fee schedule lookup: the entry for the level and route in force on the submission date (JST). */
export interface FeeEntry {
  level: number;
  route: string;
  amountJpy: number;
  effectiveFrom?: string | undefined;
  effectiveUntil?: string | undefined;
}

export function feeFor(
  schedule: readonly FeeEntry[],
  level: number,
  route: string,
  submittedOn: string,
): FeeEntry | undefined {
  return schedule.find(
    (fee) =>
      fee.level === level &&
      fee.route === route &&
      (fee.effectiveFrom === undefined || fee.effectiveFrom <= submittedOn) &&
      (fee.effectiveUntil === undefined || submittedOn <= fee.effectiveUntil),
  );
}
