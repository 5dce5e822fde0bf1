import { isIP } from "node:net";
import { performance } from "node:perf_hooks";
import { resolveChecked, GuardedFetchError } from "@/lib/net/guarded-fetch";
import { describeNetError } from "@/lib/net/errors";
import { fingerprint, type Engine, type EngineContext, type EngineFinding, type EngineResult } from "../engine";
import {
  certainToFail,
  evaluateThresholds,
  formatMs,
  formatRate,
  formatRps,
  parseThresholds,
  type Observed,
  type Threshold,
  type ThresholdResult,
} from "../thresholds";
import { inProcessGenerator, threadGenerator, type Generator, type ThreadUsage } from "./load-generator";
import type { SegmentPlan, SegmentRequest } from "./load-segment";
import { completedTotal, errorTotal, percentileMs, Tally, type Delta } from "./load-tally";
import { loadSettings, type TLoadSettings } from "./load-settings";

export { loadSettings, type TLoadSettings } from "./load-settings";

// The load test (issue 9): autocannon against the one address the network policy checked, with the original Host
// header; k6-style thresholds checked every second (stop as soon as one can no longer hold) and at the end.

type Stage = { durationSeconds: number; target: number };
type Target = { url: URL; address: string; base: string };
type StopReason =
  | { kind: "threshold"; threshold: Threshold }
  | { kind: "unreachable" }
  | { kind: "cancelled" }
  | { kind: "time-limit" }
  | { kind: "request-cap" };

/**
 * Past these the generator's own queueing shows up in the latencies: a generating thread whose event loop is busy
 * (in callbacks, not waiting for I/O) 90% of the time or more reads answers late, and so does one whose timers fire
 * over 100 ms late at p99.
 */
export const SATURATED_ELU = 0.9;
export const SATURATED_LOOP_DELAY_MS = 100;
/** Kept free of load at the end of ctx.limits.maxDurationMs to stop the generator and report. */
const TEARDOWN_MS = 2000;
/** With no answer at all and failing connections for this long, the target is unreachable: stop. */
const UNREACHABLE_AFTER_S = 2;

export const loadEngine: Engine<TLoadSettings> = {
  kind: "load",
  settings: loadSettings,
  run: runLoad,
};

async function runLoad(settings: TLoadSettings, ctx: EngineContext): Promise<EngineResult> {
  const thresholds = parseThresholds(settings.thresholds);
  let target: Target;
  try {
    target = await resolveTarget(ctx);
  } catch (error) {
    const message = error instanceof GuardedFetchError ? error.message : `The target URL could not be used: ${(error as Error).message}`;
    ctx.log("error", message);
    return errorResult(message, { refused: error instanceof GuardedFetchError && error.code === "refused_by_policy" });
  }
  const stages = planStages(settings, ctx);
  const planned = plannedTotals(settings, stages, ctx.limits.maxRequests);
  let generator: Generator;
  try {
    generator = settings.workers ? await threadGenerator(settings.workers, settings.thresholds) : inProcessGenerator(settings.thresholds);
  } catch (error) {
    return errorResult(`The load generator threads could not start: ${(error as Error).message}`);
  }
  ctx.log("info", describePlan(settings, stages, target));
  try {
    return await drive({ settings, ctx, thresholds, target, stages, planned, generator });
  } catch (error) {
    ctx.log("error", `The load generator failed: ${(error as Error).message}`);
    return errorResult(`The load generator failed: ${(error as Error).message}`);
  } finally {
    await generator.close();
  }
}

async function resolveTarget(ctx: EngineContext): Promise<Target> {
  const url = new URL(ctx.baseUrl);
  const [address] = await resolveChecked(url, { policy: ctx.policy, lookup: ctx.lookup }, ctx.signal, 10_000);
  return { url, address, base: url.pathname.replace(/\/+$/, "") };
}

function planStages(settings: TLoadSettings, ctx: EngineContext): Stage[] {
  const wanted = settings.stages ?? [{ durationSeconds: settings.durationSeconds, target: settings.mode === "rate" ? settings.rate! : settings.connections }];
  let budget = Math.max(1, Math.floor((ctx.limits.maxDurationMs - TEARDOWN_MS) / 1000));
  const fitted: Stage[] = [];
  for (const stage of wanted) {
    if (budget <= 0) break;
    fitted.push({ ...stage, durationSeconds: Math.min(stage.durationSeconds, budget) });
    budget -= stage.durationSeconds;
  }
  const wantedSeconds = sum(wanted.map((s) => s.durationSeconds));
  const fittedSeconds = sum(fitted.map((s) => s.durationSeconds));
  if (fittedSeconds < wantedSeconds) {
    ctx.log("warn", `The run is limited to ${fittedSeconds} s of load (the worker's time limit), not the ${wantedSeconds} s asked.`);
  }
  return fitted;
}

type Planned = { total: number; seconds: number };

/**
 * The most requests the run can finish (for early-abort proofs): the request cap in connection mode (nothing else
 * bounds it), rate × duration in rate mode (each segment is capped at its share, and never above the cap).
 *
 * So in connection mode, where plannedTotal is ctx.limits.maxRequests (20 M for a real run), certainToFail can prove
 * only two thresholds broken before the end: max (one slow answer is enough) and rate(errors)==0 (one error is
 * enough). Percentiles and error-rate bounds would need a share of 20 M requests to break first, so those runs go to
 * their end and fail there. Rate mode bounds the total, so they can stop early.
 */
function plannedTotals(settings: TLoadSettings, stages: Stage[], maxRequests: number): Planned {
  const seconds = sum(stages.map((s) => s.durationSeconds));
  if (settings.mode === "connections") return { total: maxRequests, seconds };
  return { total: Math.min(sum(stages.map((s) => s.target * s.durationSeconds)), maxRequests), seconds };
}

type Drive = {
  settings: TLoadSettings;
  ctx: EngineContext;
  thresholds: Threshold[];
  target: Target;
  stages: Stage[];
  planned: Planned;
  generator: Generator;
};

async function drive(d: Drive): Promise<EngineResult> {
  const { settings, ctx, thresholds, generator, planned } = d;
  const totals = new Tally(thresholds);
  const series: Record<string, number>[] = [];
  const started = performance.now();
  let stopped: StopReason | undefined;
  const stop = (reason: StopReason) => {
    if (stopped) return;
    stopped = reason;
    generator.stop();
  };
  const onAbort = () => stop({ kind: "cancelled" });
  if (ctx.signal.aborted) onAbort();
  ctx.signal.addEventListener("abort", onAbort, { once: true });

  let lastTick = started;
  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      const delta = await generator.drain();
      totals.absorb(delta);
      const now = performance.now();
      const point = seriesPoint(delta, (now - started) / 1000, (now - lastTick) / 1000);
      lastTick = now;
      series.push(point);
      ctx.series(point);
      ctx.progress(Math.min(1, point.t / planned.seconds), progressLine(point, planned.seconds));
      const reason = checkStop(d, totals.current, point.t, now - started);
      if (reason) stop(reason);
    } finally {
      ticking = false;
    }
  };
  const ticker = setInterval(() => void tick(), 1000);

  try {
    for (const [i, stage] of d.stages.entries()) {
      if (stopped) break;
      // Exact between segments: the previous one has ended and every thread has handed in its counts.
      totals.absorb(await generator.drain());
      const left = ctx.limits.maxRequests - totals.current.sent;
      if (left <= 0) break;
      if (d.stages.length > 1) ctx.log("info", `Stage ${i + 1} of ${d.stages.length}: ${describeTarget(settings, stage.target)} for ${stage.durationSeconds} s.`);
      await generator.run(segmentPlan(d, stage, left));
    }
  } finally {
    clearInterval(ticker);
    ctx.signal.removeEventListener("abort", onAbort);
  }
  while (ticking) await new Promise((resolve) => setTimeout(resolve, 10));
  totals.absorb(await generator.drain());
  if (!stopped && totals.current.sent >= ctx.limits.maxRequests) {
    stopped = { kind: "request-cap" };
    ctx.log("warn", `The run stopped at the request cap of ${ctx.limits.maxRequests.toLocaleString("en-US")} requests.`);
  }
  const elapsedMs = performance.now() - started;
  const health = generatorHealth(generator.usage());
  return report(d, { totals: totals.current, series, elapsedMs, stopped, health });
}

function segmentPlan(d: Drive, stage: Stage, left: number): SegmentPlan {
  const { settings, target } = d;
  const rate = settings.mode === "rate" ? stage.target : undefined;
  const scheduled = rate ? rate * stage.durationSeconds : Infinity;
  const connections = rate ? rateConnections(settings, rate) : stage.target;
  const hostname = target.url.hostname.replace(/^\[(.*)\]$/, "$1");
  const secrets = d.ctx.secretHeaders ?? {};
  const secretNames = new Set(Object.keys(secrets).map((n) => n.toLowerCase()));
  const requests: SegmentRequest[] = settings.requests.map((r) => ({
    method: r.method,
    path: `${target.base}${r.path}`,
    // A secret replaces a plain header of the same name, whatever its case: one value per header on the wire.
    headers: { ...withoutNames({ "user-agent": "T-Minus load test", ...r.headers }, secretNames), ...secrets, host: target.url.host },
    ...(r.body !== undefined ? { body: r.body } : {}),
  }));
  return {
    url: `${target.url.protocol}//${isIP(target.address) === 6 ? `[${target.address}]` : target.address}:${port(target.url)}`,
    // autocannon does not verify certificates (it sets rejectUnauthorized: false): a load test measures load; the
    // TLS probe judges certificates.
    ...(target.url.protocol === "https:" && !isIP(hostname) ? { servername: hostname } : {}),
    requests,
    connections,
    ...(rate ? { rate } : {}),
    maxRequests: Math.min(left, scheduled),
    durationSeconds: stage.durationSeconds,
    // An idle connection times out in autocannon: with one request per 5 s on a connection, a 2 s timeout would fire
    // between requests. rateConnections keeps the interval under half the timeout except at 1 request/s or less.
    timeoutSeconds: Math.max(settings.timeoutSeconds, Math.ceil((2 * connections) / (rate ?? Infinity))),
  };
}

const withoutNames = (headers: Record<string, string>, names: Set<string>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !names.has(name.toLowerCase())));

/** Rate mode: no more connections than keep each one's interval (connections / rate) under half the timeout. */
function rateConnections(settings: TLoadSettings, rate: number): number {
  return Math.max(1, Math.min(settings.connections, Math.floor((rate * settings.timeoutSeconds) / 2)));
}

const port = (url: URL) => url.port || (url.protocol === "https:" ? "443" : "80");

function checkStop(d: Drive, totals: Readonly<Delta>, seconds: number, elapsedMs: number): StopReason | undefined {
  if (elapsedMs > d.ctx.limits.maxDurationMs - TEARDOWN_MS) return { kind: "time-limit" };
  if (totals.answered === 0 && totals.errors.transport > 0 && seconds >= UNREACHABLE_AFTER_S) return { kind: "unreachable" };
  if (!d.settings.abortOnFail) return;
  const seen = { completed: completedTotal(totals), errors: errorTotal(totals), maxMs: totals.maxUs / 1000 };
  const failing = d.thresholds.find((t, i) => certainToFail(t, { ...seen, breaking: totals.breaking[i] }, d.planned.total));
  return failing ? { kind: "threshold", threshold: failing } : undefined;
}

function seriesPoint(delta: Delta, t: number, seconds: number): Record<string, number> {
  const h = delta.histogram;
  return {
    t: Math.round(t),
    rps: round(delta.answered / Math.max(seconds, 0.001), 1),
    p50: round(percentileMs(h, 50), 2),
    p95: round(percentileMs(h, 95), 2),
    p99: round(percentileMs(h, 99), 2),
    errors: errorTotal(delta),
  };
}

function progressLine(point: Record<string, number>, plannedSeconds: number): string {
  return `Second ${point.t} of ${plannedSeconds}: ${formatRps(point.rps)}, p95 ${formatMs(point.p95)}, ${point.errors} errors`;
}

export type Health = {
  /** The busiest generating thread's event-loop utilisation (0..1) while it generated. */
  elu: number;
  /** Each generating thread's, in thread order. */
  threadElu: number[];
  cores: number;
  eventLoopDelayP99Ms: number;
  saturated: string | null;
};

/**
 * Whether the load generator kept up, from each generating thread's own event loop (worker threads report theirs; with
 * workers: 0 it is the engine's thread). Process CPU is not used: it also counts the main thread of a worker process,
 * GC helpers and anything else the process runs, which are not the generator. Pure, so both sides of each limit are
 * tested directly.
 */
export function generatorHealth(threads: ThreadUsage[]): Health {
  const ran = threads.filter((t) => t.activeMs + t.idleMs > 0);
  const threadElu = ran.map((t) => t.activeMs / (t.activeMs + t.idleMs));
  const elu = Math.max(0, ...threadElu);
  const loopDelay = Math.max(0, ...ran.map((t) => t.eventLoopDelayP99Ms));
  const reasons: string[] = [];
  const which = ran.length > 1 ? "its busiest thread's event loop" : "its event loop";
  if (elu >= SATURATED_ELU) reasons.push(`${which} was busy ${Math.round(elu * 100)}% of the time (under ${SATURATED_ELU * 100}% is trusted)`);
  if (loopDelay > SATURATED_LOOP_DELAY_MS) reasons.push(`its event loop lagged ${Math.round(loopDelay)} ms at p99 (over ${SATURATED_LOOP_DELAY_MS} ms)`);
  const saturated = reasons.length
    ? `The load generator was saturated: ${reasons.join(" and ")}, so latencies include its own queueing and the target may handle more. Add workers or lower the load.`
    : null;
  return { elu: round(elu, 3), threadElu: threadElu.map((x) => round(x, 3)), cores: ran.length || threads.length, eventLoopDelayP99Ms: round(loopDelay, 1), saturated };
}

type Outcome = { totals: Readonly<Delta>; series: Record<string, number>[]; elapsedMs: number; stopped?: StopReason; health: Health };

function report(d: Drive, o: Outcome): EngineResult {
  const { totals } = o;
  const seconds = o.elapsedMs / 1000;
  const observed = observe(totals, seconds);
  const results = evaluateThresholds(d.thresholds, observed);
  const metrics = buildMetrics(d, o, observed, results);
  const reliability = o.health.saturated ? { reliable: false, unreliableReason: o.health.saturated } : { reliable: true };
  if (o.health.saturated) d.ctx.log("warn", o.health.saturated);
  if (o.stopped?.kind === "cancelled") {
    return { ...errorResult(`Cancelled after ${Math.round(seconds)} s; ${figures(observed)} until then.`), metrics, ...reliability };
  }
  const unreachable = unreachableSentence(d, totals);
  if (unreachable) return { ...errorResult(unreachable), metrics, ...reliability };
  const failed = results.filter((r) => !r.pass);
  const findings = failed.map((r) => thresholdFinding(d, r));
  const summary = summarize(d, o, observed, failed, results.length);
  failed.forEach((r) => d.ctx.log("warn", r.sentence));
  return { outcome: failed.length ? "fail" : "pass", summary, metrics, findings, artifacts: [], ...reliability };
}

function observe(totals: Readonly<Delta>, seconds: number): Observed {
  const h = totals.histogram;
  const completed = completedTotal(totals);
  return {
    samples: h.totalCount,
    percentile: (q) => percentileMs(h, q),
    avg: h.totalCount ? h.mean / 1000 : 0,
    max: totals.maxUs / 1000,
    completed,
    errorRate: completed ? errorTotal(totals) / completed : 0,
    rps: totals.answered / Math.max(seconds, 0.001),
  };
}

function unreachableSentence(d: Drive, totals: Readonly<Delta>): string | null {
  if (totals.answered > 0) return null;
  const where = `${d.target.url.hostname}:${port(d.target.url)}`;
  if (totals.firstTransportError) {
    const cause = describeNetError({ code: totals.firstTransportError.code, message: totals.firstTransportError.message }, d.target.url, d.settings.timeoutSeconds * 1000);
    return `The target could not be reached: every request failed. ${cause.message}`;
  }
  if (totals.errors.timeout) return `No answer from ${where} within ${d.settings.timeoutSeconds} s to any request — is the server up and reachable from the worker?`;
  return `No request to ${where} finished, so nothing could be measured.`;
}

function summarize(d: Drive, o: Outcome, observed: Observed, failed: ThresholdResult[], count: number): string {
  const overall = `${figures(observed)}.`;
  const shortfall = o.stopped && o.stopped.kind !== "request-cap" ? null : rateShortfall(d, observed);
  const tail = shortfall ? ` ${shortfall}` : "";
  if (o.stopped?.kind === "threshold") {
    const t = o.stopped.threshold;
    const sentence = failed.find((r) => r.text === t.text)?.sentence ?? "";
    return `Stopped early after ${Math.round(o.elapsedMs / 1000)} s: ${t.text} can no longer hold. ${sentence} Until then: ${overall}${tail}`;
  }
  const limited =
    o.stopped?.kind === "time-limit"
      ? " The run reached the worker's time limit."
      : o.stopped?.kind === "request-cap"
        ? ` The run stopped at the request cap of ${d.ctx.limits.maxRequests.toLocaleString("en-US")} requests.`
        : "";
  if (!failed.length) return `${overall.slice(0, -1)}: every threshold held.${limited}${tail}`;
  const more = failed.length > 1 ? ` (${failed.length} of ${count} thresholds failed)` : "";
  return `${failed[0].sentence.slice(0, -1)}${more}. Overall: ${overall}${limited}${tail}`;
}

function figures(o: Observed): string {
  const p95 = o.samples ? `p95 ${formatMs(o.percentile(95))}` : "no latency measured";
  return `${p95}, ${formatRate(o.errorRate)} errors, ${formatRps(o.rps)}`;
}

function rateShortfall(d: Drive, observed: Observed): string | null {
  if (d.settings.mode !== "rate") return null;
  const asked = d.planned.total / Math.max(d.planned.seconds, 1);
  const sentRate = observed.completed / Math.max(d.planned.seconds, 1);
  if (sentRate >= 0.9 * asked) return null;
  return `Only ${formatRps(sentRate)} of the ${formatRps(asked)} asked were sent: the ${d.settings.connections} connections (one request in flight each) could not carry the rate at these latencies; raise connections.`;
}

function thresholdFinding(d: Drive, r: ThresholdResult): EngineFinding {
  const t = d.thresholds.find((x) => x.text === r.text)!;
  const scenario = describeScenario(d.settings);
  return {
    fingerprint: fingerprint("load", "threshold-failed", t.text, d.settings.requests.map((q) => `${q.method} ${q.path}`).join(" → ")),
    rule: "threshold-failed",
    severity: "serious",
    title: `Under load, ${r.sentence.charAt(0).toLowerCase()}${r.sentence.slice(1)}`,
    location: scenario,
    advice: ADVICE[t.metric],
    detail: { threshold: t.text, observed: r.observed, limit: t.limit, operator: t.op, sentence: r.sentence, mode: d.settings.mode },
  };
}

const ADVICE: Record<Threshold["metric"], string> = {
  percentile:
    "Find what is slow under load (server logs, traces) and what saturates first: CPU, the database, a connection pool. Rerun after the fix; the run page shows whether it held.",
  avg: "Find what is slow under load (server logs, traces) and what saturates first: CPU, the database, a connection pool.",
  max: "Look for the slowest requests in the server logs: a lock, a cold cache or a garbage-collection pause under load.",
  errorRate:
    "Look at the status codes and connection errors in the metrics: 5xx point at the application, timeouts and refused connections at a capacity limit (workers, file descriptors, a proxy's queue).",
  rps: "The target did not sustain this throughput: find the bottleneck (CPU, database, a single-threaded step) or scale it out.",
};

function buildMetrics(d: Drive, o: Outcome, observed: Observed, results: ThresholdResult[]) {
  const { totals } = o;
  const h = totals.histogram;
  const at = (q: number) => round(percentileMs(h, q), 2);
  return {
    mode: d.settings.mode,
    target: { url: d.target.url.toString(), address: d.target.address },
    scenario: describeScenario(d.settings),
    stages: d.stages,
    requests: {
      total: completedTotal(totals),
      sent: totals.sent,
      answered: totals.answered,
      perSecond: round(observed.rps, 1),
    },
    latency: {
      p50: at(50),
      p75: at(75),
      p90: at(90),
      p95: at(95),
      p99: at(99),
      p99_9: at(99.9),
      max: round(observed.max, 2),
      mean: round(observed.avg, 2),
      samples: h.totalCount,
      // Rate mode measures from when each request was due, so a slow answer also counts against the requests queued
      // behind it (coordinated omission corrected).
      measuredFrom: d.settings.mode === "rate" ? "scheduled send" : "actual send",
    },
    errors: {
      total: errorTotal(totals),
      rate: round(observed.errorRate, 5),
      byKind: totals.errors,
      transportCodes: totals.transportCodes,
      counted: "transport errors (refused, reset…), timeouts, and answers with a status other than 2xx or 3xx",
    },
    statusCodes: totals.statusCodes,
    thresholds: results,
    generator: { ...o.health, workers: d.settings.workers },
    abortedEarly: o.stopped?.kind === "threshold",
    stoppedBecause: o.stopped?.kind ?? null,
    cancelled: o.stopped?.kind === "cancelled",
    plannedTotal: d.planned.total,
    durationSeconds: round(o.elapsedMs / 1000, 2),
    series: o.series,
  };
}

function describeScenario(settings: TLoadSettings): string {
  return settings.requests.map((r) => `${r.method} ${r.path}`).join(" → ");
}

function describeTarget(settings: TLoadSettings, target: number): string {
  return settings.mode === "rate" ? `${target.toLocaleString("en-US")} requests/s over ${rateConnections(settings, target)} connections` : `${target} connections`;
}

function describePlan(settings: TLoadSettings, stages: Stage[], target: Target): string {
  const what = stages.length === 1 ? `${describeTarget(settings, stages[0].target)} for ${stages[0].durationSeconds} s` : `${stages.length} stages over ${sum(stages.map((s) => s.durationSeconds))} s`;
  const threads = settings.workers ? `, ${settings.workers} generator thread${settings.workers > 1 ? "s" : ""}` : "";
  return `Load test of ${target.url.origin} (${target.address}): ${what}, scenario ${describeScenario(settings)}${threads}.`;
}

function errorResult(summary: string, extra: Record<string, unknown> = {}): EngineResult {
  return { outcome: "error", summary, metrics: { ...extra }, findings: [], artifacts: [], reliable: true };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round = (x: number, digits: number) => Number(x.toFixed(digits));
