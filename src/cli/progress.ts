/** A one-line progress bar on stderr (only when stderr is a terminal, plain lines otherwise). */
let lastPhase = '';
let lastPercent = -1;

export function progressBar(done: number, total: number, phase: string): void {
  const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
  if (phase === lastPhase && percent === lastPercent) return;
  if (phase !== lastPhase && lastPhase) process.stderr.write('\n');
  lastPhase = phase;
  lastPercent = percent;
  const width = 30;
  const filled = Math.round((percent / 100) * width);
  const line = `${phase.padEnd(7)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${done}/${total}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
  else if (percent % 10 === 0) process.stderr.write(`${line}\n`);
}
