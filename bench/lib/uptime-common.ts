import os from "node:os";
import { pct } from "./scratch-env";

// Shared by the uptime benches: the machine line each prints (the figures mean little without the load they ran
// under: two shared cores, other people building) and percentile summaries.

export function machineLine() {
  const cpu = os.cpus()[0]?.model ?? "unknown cpu";
  const load = os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
  return `${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${load}`;
}

export type Summary = { n: number; p50: number; p95: number; p99: number; max: number };

export function summarize(xs: number[]): Summary {
  return { n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99), max: xs.length ? Math.max(...xs) : NaN };
}

export const round = (n: number, digits = 0) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Times `fn` `reps` times after one warm-up call; milliseconds per call. */
export async function timeIt(reps: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  await fn(-1);
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

/** Runs a bench and exits with its code: pools, timers and child processes would otherwise keep Node alive. */
export function runMain(main: () => Promise<number>) {
  main()
    .then((code) => process.exit(code))
    .catch((error) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    });
}
