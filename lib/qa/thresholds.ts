import { z } from "zod";

// k6-style load-test gates (issue 9): `p(95)<300`, `rate(errors)<0.01`, `rps>500`. Latencies are in milliseconds,
// rates are fractions (0.01 = 1%), rps is answered requests per second over the whole run.

export type ThresholdOp = "<" | "<=" | ">" | ">=" | "==";
export type ThresholdMetric = "percentile" | "avg" | "max" | "errorRate" | "rps";

export type Threshold = {
  /** As written, trimmed: the key that findings and run diffs use. */
  text: string;
  metric: ThresholdMetric;
  /** The percentile for "percentile" (med is 50). */
  q?: number;
  /** How sentences name the metric: "p(95)", "med", "avg", "max", "the error rate", "rps". */
  label: string;
  op: ThresholdOp;
  limit: number;
};

export type ParsedThreshold = { ok: true; threshold: Threshold } | { ok: false; message: string };

const OPERATOR_HINT = "expected an operator (<, <=, >, >=, ==) followed by a number";
const METRIC_HINT = "use p(N), med, avg, max, rate(errors) or rps";
const SHAPE = /^(?<metric>p\(\s*(?<q>[^)]*)\)|[a-z_]\w*\(\s*[^)]*\)|[a-z_]\w*)\s*(?<rest>.*)$/i;
const COMPARISON = /^(?<op><=|>=|==|<|>)\s*(?<value>\d+(?:\.\d+)?)$/;

export function parseThreshold(input: string): ParsedThreshold {
  const text = input.trim();
  const fail = (why: string): ParsedThreshold => ({ ok: false, message: `"${text}": ${why}` });
  if (!text) return { ok: false, message: "An empty threshold: write one like p(95)<300." };
  const shape = SHAPE.exec(text)?.groups;
  if (!shape) return fail(`expected a metric first; ${METRIC_HINT}`);
  const metric = parseMetric(shape.metric, shape.q);
  if ("error" in metric) return fail(metric.error);
  const comparison = COMPARISON.exec(shape.rest.trim())?.groups;
  if (!comparison && /^(<=|>=|==|<|>)\s*\d+(\.\d+)?\s*[a-z%]+$/i.test(shape.rest.trim())) {
    return fail("write the limit as a plain number, without a unit (milliseconds for latencies, a fraction for rates)");
  }
  if (!comparison) return fail(OPERATOR_HINT);
  const limit = Number(comparison.value);
  if (metric.metric === "errorRate" && limit > 1) {
    return fail(`a rate is a fraction between 0 and 1 (0.01 is 1%), not ${comparison.value}`);
  }
  return { ok: true, threshold: { text, ...metric, op: comparison.op as ThresholdOp, limit } };
}

type MetricPart = Pick<Threshold, "metric" | "q" | "label">;

function parseMetric(raw: string, qText: string | undefined): MetricPart | { error: string } {
  if (qText !== undefined) {
    const q = /^\d+(?:\.\d+)?$/.test(qText.trim()) ? Number(qText) : NaN;
    if (!(q > 0 && q <= 100)) return { error: `the percentile in p(${qText}) must be a number above 0 and at most 100` };
    return { metric: "percentile", q, label: `p(${qText.trim()})` };
  }
  const name = raw.replace(/\s+/g, "").toLowerCase();
  if (name === "med") return { metric: "percentile", q: 50, label: "med" };
  if (name === "avg") return { metric: "avg", label: "avg" };
  if (name === "max") return { metric: "max", label: "max" };
  if (name === "rps") return { metric: "rps", label: "rps" };
  if (name === "rate(errors)") return { metric: "errorRate", label: "the error rate" };
  if (name.startsWith("rate(")) return { error: `only rate(errors) is measured, not ${raw}` };
  return { error: `unknown metric "${raw}"; ${METRIC_HINT}` };
}

/** For z.string().superRefine(...): the parser's sentence becomes the issue message at the element's path. */
export function refineThreshold(text: string, ctx: z.RefinementCtx): void {
  const parsed = parseThreshold(text);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
}

export const thresholdText = z.string({ error: "a threshold must be text such as p(95)<300" }).superRefine(refineThreshold);

/** Parses a list already validated by the schema; throws on a bad one (a programming error there). */
export function parseThresholds(texts: string[]): Threshold[] {
  return texts.map((text) => {
    const parsed = parseThreshold(text);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.threshold;
  });
}

// ——— Evaluation at the end of a run ———

export type Observed = {
  /** Latency samples recorded (what the percentiles, avg and max are computed from). */
  samples: number;
  percentile(q: number): number;
  avg: number;
  max: number;
  /** Finished requests (answered + failed): the error rate's denominator. */
  completed: number;
  errorRate: number;
  rps: number;
};

export type ThresholdResult = { text: string; observed: number | null; pass: boolean; sentence: string };

export function evaluateThresholds(thresholds: Threshold[], observed: Observed): ThresholdResult[] {
  return thresholds.map((t) => evaluateOne(t, observed));
}

function evaluateOne(t: Threshold, o: Observed): ThresholdResult {
  const value = observedValue(t, o);
  if (value === null) {
    const what = t.metric === "errorRate" ? "The error rate could not be measured: no request finished" : `${t.label} could not be measured: no response arrived`;
    return { text: t.text, observed: null, pass: false, sentence: `${what}.` };
  }
  const pass = compare(value, t.op, t.limit);
  return { text: t.text, observed: value, pass, sentence: sentenceFor(t, value, pass) };
}

function observedValue(t: Threshold, o: Observed): number | null {
  if (t.metric === "rps") return o.rps;
  if (t.metric === "errorRate") return o.completed > 0 ? o.errorRate : null;
  if (o.samples === 0) return null;
  if (t.metric === "avg") return o.avg;
  if (t.metric === "max") return o.max;
  return o.percentile(t.q ?? 50);
}

function compare(value: number, op: ThresholdOp, limit: number): boolean {
  if (op === "<") return value < limit;
  if (op === "<=") return value <= limit;
  if (op === ">") return value > limit;
  if (op === ">=") return value >= limit;
  return value === limit;
}

function sentenceFor(t: Threshold, value: number, pass: boolean): string {
  const was = `${t.metric === "errorRate" ? "The error rate" : t.label} was ${formatValue(t, value)}`;
  const limit = formatValue(t, t.limit);
  if (t.op === "==") return pass ? `${was}, as required.` : `${was}, not the required ${limit}.`;
  const upper = t.op === "<" || t.op === "<=";
  const bound = upper ? `the ${limit} limit` : `the ${limit} minimum`;
  if (value === t.limit) return pass ? `${was}, at ${bound}, which is allowed.` : `${was}, at ${bound}, which it must ${upper ? "stay under" : "exceed"}.`;
  if (upper) return `${was}, ${pass ? "under" : "over"} ${bound}.`;
  return `${was}, ${pass ? "above" : "under"} ${bound}.`;
}

export function formatMs(ms: number): string {
  if (ms < 10) return `${Number(ms.toFixed(2))} ms`;
  if (ms < 100) return `${Number(ms.toFixed(1))} ms`;
  return `${Math.round(ms).toLocaleString("en-US")} ms`;
}

export function formatRate(fraction: number): string {
  const pct = fraction * 100;
  return `${Number(pct.toFixed(pct !== 0 && pct < 1 ? 2 : 1))}%`;
}

export function formatRps(rps: number): string {
  return `${rps < 10 ? Number(rps.toFixed(1)) : Math.round(rps).toLocaleString("en-US")} req/s`;
}

function formatValue(t: Threshold, value: number): string {
  if (t.metric === "errorRate") return formatRate(value);
  if (t.metric === "rps") return formatRps(value);
  return formatMs(value);
}

// ——— Early abort: is failure already certain? ———

// A decimal limit times a count that is a whole number in exact arithmetic can come out a hair below it in floating
// point ((100 − 99.9) / 100 × 10000 = 9.9999…); a proof must not count on that hair.
const EPSILON = 1e-9;

export type SeenSoFar = {
  /** Finished requests so far (answered + failed). */
  completed: number;
  errors: number;
  /** Slowest latency sample so far, ms. */
  maxMs: number;
  /** Latency samples so far that break this threshold's limit (see breaksLimit). */
  breaking: number;
};

/** Whether one latency sample breaks a latency threshold's limit (for `<` a sample at the limit breaks it). */
export function breaksLimit(t: Threshold, ms: number): boolean {
  if (t.op === "<") return ms >= t.limit;
  if (t.op === "<=") return ms > t.limit;
  return false;
}

/**
 * True only when the threshold must fail however the rest of the run goes. `plannedTotal` is the most requests the
 * run can finish: rate × duration in rate mode, never above the request cap; the cap in connection mode. Each
 * finished request gives at most one latency sample.
 */
export function certainToFail(t: Threshold, seen: SeenSoFar, plannedTotal: number): boolean {
  if (t.metric === "errorRate" && t.op === "==" && t.limit === 0) return seen.errors > 0;
  // Only upper bounds can be proven broken early: a lower bound or an equality can still be met by what is to come.
  if (t.op !== "<" && t.op !== "<=") return false;
  if (t.metric === "max") return breaksLimit(t, seen.maxMs);
  if (t.metric === "errorRate") {
    // The final rate is errors / completed with completed ≤ plannedTotal, so it is at least errors / plannedTotal.
    const atLimit = t.limit * plannedTotal;
    return t.op === "<" ? seen.errors >= atLimit : seen.errors > atLimit + EPSILON;
  }
  if (t.metric === "percentile") {
    // p(q) breaks the limit once more than (100 − q)% of all samples do (nearest rank); samples that already break
    // it stay, and there will be at most plannedTotal samples.
    return seen.breaking > ((100 - (t.q ?? 50)) / 100) * plannedTotal + EPSILON;
  }
  // avg and rps are never certain early: rps depends on how long the rest of the run lasts, and the mean can still
  // be pulled under the limit by fast answers to come (a bound exists only for runs already far gone; not worth it).
  return false;
}
