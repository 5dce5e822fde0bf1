import * as hdr from "hdr-histogram-js";
import type { Histogram } from "hdr-histogram-js";
import { breaksLimit, type Threshold } from "../thresholds";

// What a load generator saw, counted as it happens and drained once a second. The same Tally records in a generator
// thread, travels between threads as a WireDelta, and adds up the whole run on the main thread.

/** Latencies are recorded in whole microseconds so fast local targets keep sub-millisecond resolution. */
export const newHistogram = (): Histogram =>
  hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });

export type ErrorKinds = {
  /** The connection failed or broke (refused, reset…) before an answer came. */
  transport: number;
  /** No answer within the request timeout. */
  timeout: number;
  /** An answer whose status is not 2xx or 3xx. */
  status: number;
};

export type Delta = {
  histogram: Histogram;
  sent: number;
  answered: number;
  errors: ErrorKinds;
  transportCodes: Record<string, number>;
  statusCodes: Record<string, number>;
  /** Per threshold (same order): latency samples that break its limit (0 for thresholds that are not percentiles). */
  breaking: number[];
  maxUs: number;
  firstTransportError?: { code: string; message: string };
};

export type WireDelta = Omit<Delta, "histogram"> & { histogram: string | null };

export class Tally {
  private delta: Delta;
  private readonly latencyThresholds: [number, Threshold][];

  constructor(private readonly thresholds: Threshold[]) {
    this.latencyThresholds = thresholds.flatMap((t, i) => (t.metric === "percentile" ? [[i, t] as [number, Threshold]] : []));
    this.delta = emptyDelta(thresholds.length);
  }

  get current(): Readonly<Delta> {
    return this.delta;
  }

  request(): void {
    this.delta.sent++;
  }

  /** One answer; in rate mode the latency counts from when the request was due (see load-segment.ts). */
  response(status: number, latencyUs: number): void {
    const d = this.delta;
    d.answered++;
    d.statusCodes[status] = (d.statusCodes[status] ?? 0) + 1;
    if (status < 200 || status >= 400) d.errors.status++;
    this.sample(latencyUs);
  }

  transportError(error: { code?: string; message?: string }): void {
    const code = error.code ?? "unknown";
    this.delta.errors.transport++;
    this.delta.transportCodes[code] = (this.delta.transportCodes[code] ?? 0) + 1;
    this.delta.firstTransportError ??= { code, message: error.message ?? code };
  }

  timeout(): void {
    this.delta.errors.timeout++;
  }

  /** Hands over everything counted since the last drain and starts afresh. */
  drain(): Delta {
    const out = this.delta;
    this.delta = emptyDelta(this.thresholds.length);
    return out;
  }

  absorb(other: Delta): void {
    const d = this.delta;
    d.histogram.add(other.histogram);
    d.sent += other.sent;
    d.answered += other.answered;
    d.errors.transport += other.errors.transport;
    d.errors.timeout += other.errors.timeout;
    d.errors.status += other.errors.status;
    addCounts(d.transportCodes, other.transportCodes);
    addCounts(d.statusCodes, other.statusCodes);
    other.breaking.forEach((n, i) => (d.breaking[i] += n));
    d.maxUs = Math.max(d.maxUs, other.maxUs);
    d.firstTransportError ??= other.firstTransportError;
  }

  private sample(us: number): void {
    const d = this.delta;
    const value = Math.max(1, Math.round(us));
    d.histogram.recordValue(value);
    if (value > d.maxUs) d.maxUs = value;
    for (const [i, t] of this.latencyThresholds) if (breaksLimit(t, value / 1000)) d.breaking[i]++;
  }
}

function emptyDelta(thresholdCount: number): Delta {
  return {
    histogram: newHistogram(),
    sent: 0,
    answered: 0,
    errors: { transport: 0, timeout: 0, status: 0 },
    transportCodes: {},
    statusCodes: {},
    breaking: new Array<number>(thresholdCount).fill(0),
    maxUs: 0,
  };
}

function addCounts(into: Record<string, number>, from: Record<string, number>) {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}

export const errorTotal = (d: Pick<Delta, "errors">) => d.errors.transport + d.errors.timeout + d.errors.status;
/** Requests that finished: answered, or failed without an answer. */
export const completedTotal = (d: Pick<Delta, "answered" | "errors">) => d.answered + d.errors.transport + d.errors.timeout;

export function toWire(d: Delta): WireDelta {
  return { ...d, histogram: d.histogram.totalCount ? hdr.encodeIntoCompressedBase64(d.histogram) : null };
}

export function fromWire(w: WireDelta): Delta {
  return { ...w, histogram: w.histogram ? hdr.decodeFromCompressedBase64(w.histogram, 32, false) : newHistogram() };
}

/** A percentile of a µs histogram, in ms. */
export const percentileMs = (h: Histogram, q: number) => (h.totalCount ? h.getValueAtPercentile(q) / 1000 : 0);
