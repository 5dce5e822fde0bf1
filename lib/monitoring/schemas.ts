import { z } from "zod";

// Uptime checks: what is probed, how often, and when a run of failures becomes an incident.

export const CHECK_KINDS = ["http", "tls", "tcp"] as const;
export type CheckKindName = (typeof CHECK_KINDS)[number];
export const HTTP_METHODS = ["GET", "HEAD", "POST"] as const;

export const MIN_INTERVAL_SECONDS = 10;
export const MAX_INTERVAL_SECONDS = 24 * 3600;

/** A result's status. "unknown" is only written for a gap the scheduler could not cover (worker or Redis away). */
export const RESULT_STATUSES = ["up", "degraded", "down", "unknown"] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

const host = z
  .string()
  .trim()
  .min(1, "is required")
  .max(253, "must be at most 253 characters")
  .regex(/^[A-Za-z0-9.:[\]-]+$/, "must be a host name or IP address, without scheme or path");
const port = z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be 1 to 65535").max(65535, "must be 1 to 65535");

/**
 * Expected status codes as people write them: "200", "200-299", "200-299,301,404". Stored as written, checked by
 * statusMatches.
 */
export const ZStatusSet = z
  .string()
  .trim()
  .max(200, "must be at most 200 characters")
  .regex(/^\s*\d{3}(\s*-\s*\d{3})?(\s*,\s*\d{3}(\s*-\s*\d{3})?)*\s*$/, 'must list codes or ranges like "200-299,301"')
  .refine((v) => parseStatusSet(v).every(([a, b]) => a >= 100 && b <= 599 && a <= b), "codes must be 100 to 599 and ranges low-high");

export function parseStatusSet(text: string): [number, number][] {
  return text
    .split(",")
    .map((part) => part.split("-").map((n) => Number(n.trim())))
    .map(([a, b]) => [a, b ?? a] as [number, number]);
}

export const statusMatches = (set: string, status: number) => parseStatusSet(set).some(([a, b]) => status >= a && status <= b);

const headerName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(100)
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "must be a valid HTTP header name");

export const ZHttpSettings = z
  .object({
    url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2000, "must be at most 2000 characters"),
    method: z.enum(HTTP_METHODS).default("GET"),
    /** Plain headers, shown to members. Secret headers (tokens) go in the check's secrets, never shown. */
    headers: z.record(headerName, z.string().max(4000)).default({}),
    body: z.string().max(64 * 1024, "must be at most 64 KiB").optional(),
    expectedStatus: ZStatusSet.default("200-299"),
    keyword: z
      .object({ text: z.string().min(1, "is required").max(500), mode: z.enum(["present", "absent"]).default("present") })
      .strict()
      .optional(),
    /** A JSON path into the response body ("$.status", "$.checks[0].ok") and the value it must equal, as text. */
    jsonPath: z
      .object({
        path: z.string().trim().regex(/^\$(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*$/, 'must look like "$.status" or "$.items[0].ok"').max(300),
        equals: z.string().max(500),
      })
      .strict()
      .optional(),
    /** Above this latency an otherwise passing result is "degraded". */
    degradedAboveMs: z.number().int().min(1).max(120_000).optional(),
    followRedirects: z.boolean().default(true),
  })
  .strict();

export const ZTlsSettings = z
  .object({
    host,
    port: port.default(443),
    /** The result is "degraded" this many days before the certificate expires, "down" once it has. */
    warnDays: z.number().int().min(1, "must be at least 1").max(365, "must be at most 365").default(14),
  })
  .strict();

export const ZTcpSettings = z.object({ host, port }).strict();

export const CHECK_SETTINGS = { http: ZHttpSettings, tls: ZTlsSettings, tcp: ZTcpSettings } as const;
export type HttpSettings = z.infer<typeof ZHttpSettings>;
export type TlsSettings = z.infer<typeof ZTlsSettings>;
export type TcpSettings = z.infer<typeof ZTcpSettings>;

/** What a probe runs: settings parsed for its kind, secret headers decrypted, and its timeout. */
export type ProbeSpec =
  | { kind: "http"; settings: HttpSettings; secretHeaders: Record<string, string>; timeoutMs: number }
  | { kind: "tls"; settings: TlsSettings; timeoutMs: number }
  | { kind: "tcp"; settings: TcpSettings; timeoutMs: number };

/** What one probe found. `error` is a sentence a person can act on; `detail` says what passed when it passed. */
export type ProbeOutcome = {
  status: "up" | "degraded" | "down";
  latencyMs: number | null;
  httpStatus?: number;
  error?: string;
  detail?: string;
  /** TLS only: whole days until the certificate expires (negative once expired). */
  certDaysLeft?: number;
};

const checkCommon = {
  name: z.string().trim().min(1, "is required").max(80, "must be at most 80 characters"),
  intervalSeconds: z
    .number({ error: "must be a number of seconds" })
    .int("must be a whole number of seconds")
    .min(MIN_INTERVAL_SECONDS, `must be at least ${MIN_INTERVAL_SECONDS} seconds`)
    .max(MAX_INTERVAL_SECONDS, "must be at most 24 hours (86400 seconds)")
    .default(60),
  timeoutSeconds: z.number({ error: "must be a number of seconds" }).int().min(1, "must be at least 1 second").max(60, "must be at most 60 seconds").default(10),
  failuresToOpen: z.number().int().min(1, "must be at least 1").max(20, "must be at most 20").default(2),
  successesToClose: z.number().int().min(1, "must be at least 1").max(20, "must be at most 20").default(1),
  /** Minutes between reminders while an incident stays open; 0 sends none. */
  reminderMinutes: z.number().int().min(0).max(7 * 24 * 60).default(60),
  enabled: z.boolean().default(true),
  secrets: z.record(headerName, z.string().min(1, "must not be empty").max(4000)).optional(),
};

export const ZCheckCreate = z
  .object({
    targetId: z.string().min(1).max(200).optional(),
    kind: z.enum(CHECK_KINDS),
    settings: z.record(z.string(), z.unknown()),
    ...checkCommon,
  })
  .strict()
  .superRefine((value, ctx) => refineCheck(value, ctx));

export const ZCheckUpdate = z
  .object({
    settings: z.record(z.string(), z.unknown()).optional(),
    name: checkCommon.name.optional(),
    intervalSeconds: checkCommon.intervalSeconds.unwrap().optional(),
    timeoutSeconds: checkCommon.timeoutSeconds.unwrap().optional(),
    failuresToOpen: checkCommon.failuresToOpen.unwrap().optional(),
    successesToClose: checkCommon.successesToClose.unwrap().optional(),
    reminderMinutes: checkCommon.reminderMinutes.unwrap().optional(),
    enabled: z.boolean().optional(),
    secrets: checkCommon.secrets,
  })
  .strict();

/** Settings must parse for the kind, and a run must end before the next one is due. */
export function refineCheck(value: { kind: CheckKindName; settings: unknown; intervalSeconds: number; timeoutSeconds: number }, ctx: z.RefinementCtx) {
  const parsed = CHECK_SETTINGS[value.kind].safeParse(value.settings);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: ["settings", ...issue.path.map(String)], message: issue.message });
  }
  if (value.timeoutSeconds >= value.intervalSeconds) {
    ctx.addIssue({ code: "custom", path: ["timeoutSeconds"], message: "must be shorter than the interval, so one run ends before the next is due" });
  }
}

export function parseSettings(kind: CheckKindName, settings: unknown) {
  return CHECK_SETTINGS[kind].parse(settings);
}
