/**
 * `CLM_BENCH_SMOKE=1`: every benchmark runs to its end, every section of it, with few iterations
 * and small sizes — to show that it runs (`npm run bench:smoke`), not to measure: its figures
 * then mean nothing.
 */
export const SMOKE = process.env.CLM_BENCH_SMOKE === '1';

/** `full` for a real run, `smoke` in smoke mode. */
export const full = <T>(value: T, smoke: T): T => (SMOKE ? smoke : value);

/** Printed first by a benchmark in smoke mode, so that nobody quotes its figures. */
export function smokeNotice(name: string): void {
  if (SMOKE) console.log(`# ${name}: SMOKE RUN (CLM_BENCH_SMOKE=1) — few iterations, small sizes; the figures below mean nothing`);
}
