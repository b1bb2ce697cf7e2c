/**
 * The anonymous account forms (sign-up, password reset) must not tell, even by their timing,
 * whether an address has an account. The two paths do different amounts of work (measured: a
 * reset request for a known address took about 10 ms longer than for an unknown one), so the
 * accepted answer is given no sooner than a fixed time after the request began. Real time, not
 * the context clock: this is about wall time as an observer measures it.
 */
export const ANSWER_FLOOR_MS = 200;

export async function answerNoSoonerThan<T>(startedAt: number, value: T, floorMs = ANSWER_FLOOR_MS): Promise<T> {
  const wait = startedAt + floorMs - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
  return value;
}
