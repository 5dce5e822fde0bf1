import { createHash } from "node:crypto";
import type { z } from "zod";
import type { NetworkPolicy } from "@/lib/net/policy";

// The one shape every QA kind runs in (issue 9). An engine is a pure function of its settings and a context: it knows
// nothing of Postgres, BullMQ or the live stream. lib/qa/runner.ts gives it the context, stores what it reports and
// turns findings into new / still there / fixed against the previous run of the same kind on the same target.

export type QaKind = "load" | "a11y" | "links" | "fuzz" | "devices";
export const QA_KINDS: QaKind[] = ["load", "a11y", "links", "fuzz", "devices"];

/** axe's four words, used for every kind so one scale reads across the run page. */
export type FindingSeverity = "critical" | "serious" | "moderate" | "minor";

export type EngineFinding = {
  /**
   * Stable across runs for the same problem: the engine hashes what identifies it (rule + normalised location, never
   * timings or counts). Two findings of one run must not share a fingerprint: merge them (count in detail) instead.
   */
  fingerprint: string;
  /** Machine name of what was broken: "color-contrast", "broken-link", "server-error", "tap-target-too-small"… */
  rule: string;
  severity: FindingSeverity;
  /** One sentence a person reads first: "3 elements have insufficient colour contrast on /pricing". */
  title: string;
  /** Where: a page URL, "POST /api/items", a viewport and page… */
  location: string;
  /** What to do about it, one or two sentences. */
  advice: string;
  /** Kind-specific, shown on the run page: selectors, snippet, helpUrl, curl, status, expected vs got… (JSON only). */
  detail: Record<string, unknown>;
  /** axe "incomplete" results and other things a person must judge: kept apart, never gate the run. */
  needsReview?: boolean;
  /** Counts toward the run's result only when true (a 429 on an external link is a warning: false). Default true. */
  gating?: boolean;
};

export type EngineArtifact = {
  /** Unique within the run: "screenshot-phone-dark-home.png", "report.json". */
  name: string;
  contentType: string;
  data: Buffer;
  meta?: Record<string, unknown>;
};

export type EngineContext = {
  /** The target's base URL (scheme, host, optional path), e.g. http://127.0.0.1:4101. */
  baseUrl: string;
  /** Every connection an engine makes goes through this policy (guardedFetch, or a checked address for sockets). */
  policy: NetworkPolicy;
  /** Aborted on cancel, on the run's hard duration limit and on worker shutdown: stop promptly and return what you have. */
  signal: AbortSignal;
  limits: {
    /** Hard cap on wall time for the whole run. */
    maxDurationMs: number;
    /** Hard cap on requests the engine sends to the target (load: total requests; crawls: pages + resources). */
    maxRequests: number;
  };
  /** 0..1 and a short sentence ("Page 4 of 12: /pricing"). Cheap to call often: the runner throttles. */
  progress(fraction: number, message: string): void;
  /** A line for the run's live log. Never log secrets or full response bodies. */
  log(level: "info" | "warn" | "error", message: string): void;
  /** Load tests: one point per second for the live charts ({t, rps, p50, p95, p99, errors}). Others may ignore it. */
  series(point: Record<string, number>): void;
  /**
   * Secret request headers (name → value), decrypted just before the run. Load tests send them on every request;
   * never put them in a log line, a finding, an artifact, metrics or a reproducer.
   */
  secretHeaders?: Record<string, string>;
  /** Tests pass a fixed lookup; engines hand it to guardedFetch (`lookup`). */
  lookup?: (hostname: string) => Promise<{ address: string; family: number }[]>;
};

export type EngineResult = {
  /** pass: every gate held; fail: a gate did not (findings or thresholds); error: the run could not measure. */
  outcome: "pass" | "fail" | "error";
  /** One sentence: "p95 212 ms, 0.0% errors, 1,840 req/s: every threshold held." */
  summary: string;
  /** Kind-specific figures kept as JSON (load: the histogram percentiles, thresholds with observed values…). */
  metrics: Record<string, unknown>;
  findings: EngineFinding[];
  artifacts: EngineArtifact[];
  /** False when the measurement itself is doubtful (load generator saturated); the reason says why. */
  reliable: boolean;
  unreliableReason?: string;
};

export type Engine<S> = {
  kind: QaKind;
  /** Zod schema of the settings (defaults filled in); errors name the field. */
  settings: z.ZodType<S>;
  run(settings: S, ctx: EngineContext): Promise<EngineResult>;
};

/** A finding's fingerprint: sha1 of the parts that identify the problem, 16 hex characters. */
export function fingerprint(...parts: (string | number)[]): string {
  return createHash("sha1").update(parts.join("\u0000")).digest("hex").slice(0, 16);
}

/**
 * The requests a run has sent toward ctx.limits.maxRequests, shared by everything it sends to the target: a browser
 * run's discovery fetches, page loads and every resource those pages load.
 */
export class RequestBudget {
  used = 0;
  constructor(readonly max: number) {}

  /** Takes `count` requests from the budget; false (and nothing taken) when they do not fit: do not send them. */
  take(count = 1): boolean {
    if (this.used + count > this.max) return false;
    this.used += count;
    return true;
  }

  get exhausted(): boolean {
    return this.used >= this.max;
  }
}
