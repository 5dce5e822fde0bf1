import type { TQaKind } from "./schemas";

// Hard limits every run lives within, whatever its settings say (issue 9: "runs have hard limits on duration and
// request counts"). The engine gets them in its context; the runner aborts a run that outlives its duration.

export const QA_LIMITS: Record<TQaKind, { maxDurationMs: number; maxRequests: number }> = {
  // Settings allow 600 s; the margin covers start-up and the final report. 20 M requests is ~33k req/s for 600 s.
  load: { maxDurationMs: 11 * 60_000, maxRequests: 20_000_000 },
  // The browser kinds count every request the browser makes (pages, scripts, images, fonts) and abort past the cap:
  // 50 pages of ~80 resources each, and 10 pages × 10 device cells of ~80 resources (the cache serves repeats).
  a11y: { maxDurationMs: 15 * 60_000, maxRequests: 5_000 },
  links: { maxDurationMs: 15 * 60_000, maxRequests: 5_000 },
  fuzz: { maxDurationMs: 15 * 60_000, maxRequests: 20_000 },
  devices: { maxDurationMs: 15 * 60_000, maxRequests: 10_000 },
};

/** One artifact (a screenshot, a report) and all of a run's artifacts together. Larger ones are dropped with a log line. */
export const MAX_ARTIFACT_BYTES = 3 * 1024 * 1024;
export const MAX_RUN_ARTIFACT_BYTES = 60 * 1024 * 1024;
/** Findings kept per run (the rest are counted in the summary), log lines kept per run, live progress writes per second. */
export const MAX_FINDINGS = 1_000;
export const MAX_LOG_LINES = 5_000;
export const PROGRESS_EVERY_MS = 1_000;
