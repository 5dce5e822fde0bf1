import { z } from "zod";
import { thresholdText } from "../thresholds";

// The load test's settings, apart from the engine so pages and API routes can validate them without loading
// autocannon. Messages name the field and the rule; zod's path says where.

const whole = (field: string, min: number, max: number) =>
  z
    .number({ error: `${field} must be a number` })
    .int(`${field} must be a whole number`)
    .min(min, `${field} must be at least ${min.toLocaleString("en-US")}`)
    .max(max, `${field} must be at most ${max.toLocaleString("en-US")}`);

export const LOAD_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export const DEFAULT_THRESHOLDS = ["p(95)<300", "p(99)<1000", "rate(errors)<0.01"];
const MAX_CONNECTIONS = 1000;
const MAX_RATE = 100_000;
const MAX_SECONDS = 600;

// Header names are HTTP tokens and values one line: the request is written raw onto the socket, so a line break
// would smuggle a second request. Host and framing headers are the engine's to set.
export const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
export const RESERVED_HEADERS = new Set(["host", "content-length", "transfer-encoding", "connection"]);
/** Headers that carry credentials: stored settings are shown to every member, so these go in the run's secrets. */
export const CREDENTIAL_HEADERS = new Set(["authorization", "cookie", "proxy-authorization"]);

const headers = z.record(z.string(), z.string({ error: "header values must be text" })).superRefine((record, ctx) => {
  for (const [name, value] of Object.entries(record)) {
    if (!HEADER_TOKEN.test(name)) ctx.addIssue({ code: "custom", path: [name], message: `headers: "${name}" is not a valid header name` });
    else if (RESERVED_HEADERS.has(name.toLowerCase())) {
      ctx.addIssue({ code: "custom", path: [name], message: `headers: ${name} is set by T-Minus (from the target URL and the body)` });
    } else if (/[\r\n\0]/.test(value)) ctx.addIssue({ code: "custom", path: [name], message: `headers: the value of ${name} must be one line` });
  }
});

const scenarioRequest = z.object({
  method: z.enum(LOAD_METHODS, { error: `method must be one of ${LOAD_METHODS.join(", ")}` }).default("GET"),
  path: z
    .string({ error: "path must be text" })
    .startsWith("/", 'path must start with "/"')
    .max(2000, "path must be at most 2,000 characters")
    .regex(/^[^\s\0]*$/, "path must not contain spaces or control characters (encode them: %20)"),
  headers: headers.optional(),
  body: z.string({ error: "body must be text" }).max(1_000_000, "body must be at most 1,000,000 characters").optional(),
});

const stage = z.object({
  durationSeconds: whole("durationSeconds", 1, MAX_SECONDS),
  target: whole("target", 1, MAX_RATE),
});

export const loadSettings = z
  .object({
    /** connections: a fixed number of connections, each sending its next request when the answer comes (closed model);
     * rate: a fixed number of requests per second whatever the answers do (open model, latencies corrected for
     * coordinated omission). */
    mode: z.enum(["connections", "rate"], { error: 'mode must be "connections" or "rate"' }).default("connections"),
    /** In rate mode, the connections that carry the rate (each has one request in flight at a time). */
    connections: whole("connections", 1, MAX_CONNECTIONS).default(10),
    /** Requests per second, rate mode only. */
    rate: whole("rate", 1, MAX_RATE).optional(),
    durationSeconds: whole("durationSeconds", 1, MAX_SECONDS).default(30),
    /** Steps run one after the other, each holding its target (connections or rate) for its duration; replaces
     * durationSeconds. A step, not a linear ramp: each stage is its own autocannon run with fresh connections. */
    stages: z.array(stage).min(1, "stages must list at least one stage").max(20, "stages must list at most 20 stages").optional(),
    /** Sent in this order on every connection, then again from the first. */
    requests: z
      .array(scenarioRequest)
      .min(1, "requests must list at least one request")
      .max(20, "requests must list at most 20 requests")
      .default([{ method: "GET", path: "/" }]),
    thresholds: z.array(thresholdText).max(20, "thresholds must list at most 20 thresholds").default(DEFAULT_THRESHOLDS),
    /** Stop as soon as a threshold can no longer hold. */
    abortOnFail: z.boolean({ error: "abortOnFail must be true or false" }).default(true),
    /** Generator threads: 0 runs autocannon in the engine's thread. */
    workers: whole("workers", 0, 4).default(0),
    timeoutSeconds: whole("timeoutSeconds", 1, 60).default(10),
  })
  .superRefine((s, ctx) => {
    if (s.mode === "rate" && s.rate === undefined && !s.stages) {
      ctx.addIssue({ code: "custom", path: ["rate"], message: "rate is required in rate mode (requests per second), or give stages" });
    }
    if (s.mode === "connections" && s.rate !== undefined) {
      ctx.addIssue({ code: "custom", path: ["rate"], message: 'rate applies only when mode is "rate"' });
    }
    s.stages?.forEach((st, i) => {
      if (s.mode === "connections" && st.target > MAX_CONNECTIONS) {
        ctx.addIssue({ code: "custom", path: ["stages", i, "target"], message: `target must be at most ${MAX_CONNECTIONS} connections` });
      }
    });
    const total = s.stages?.reduce((sum, st) => sum + st.durationSeconds, 0) ?? 0;
    if (total > MAX_SECONDS) {
      ctx.addIssue({ code: "custom", path: ["stages"], message: `stages must last at most ${MAX_SECONDS} seconds in all, not ${total}` });
    }
  });

export type TLoadSettings = z.infer<typeof loadSettings>;

/**
 * Credential headers written in plain settings, as issues under `settings.requests.<i>.headers.<name>`. Checked when
 * a run or profile is saved, not by the engine: a run stored before the rule still runs.
 */
export function plainCredentialIssues(settings: TLoadSettings): { path: string; rule: string; message: string }[] {
  return settings.requests.flatMap((request, i) =>
    Object.keys(request.headers ?? {})
      .filter((name) => CREDENTIAL_HEADERS.has(name.toLowerCase()))
      .map((name) => ({
        path: `settings.requests.${i}.headers.${name}`,
        rule: "use_secrets",
        message: `is a credential: put it in "secrets" (stored encrypted, never shown again) instead of a request's headers, which every member can read`,
      })),
  );
}
