import { z } from "zod";
import { HEADER_TOKEN, RESERVED_HEADERS } from "./engines/load-settings";

// QA runs: inputs (validated by verbs) and response shapes (for the OpenAPI document). No server imports, so client
// components may import the types. Each kind's settings are validated by its engine's schema (lib/qa/kinds.ts).

export const QA_KIND_IDS = ["load", "a11y", "links", "fuzz", "devices"] as const;
export type TQaKind = (typeof QA_KIND_IDS)[number];
export const QA_KIND_LABELS: Record<TQaKind, string> = {
  load: "Load test",
  a11y: "Accessibility",
  links: "Links and smoke",
  fuzz: "Bad-input hammering",
  devices: "Devices",
};
/** Bad-input hammering in its partial-network-failure mode is a different check, and is named as one. */
export const QA_FAULTS_LABEL = "Partial network failure";
export const qaRunLabel = (run: { kind: TQaKind; mode?: "faults" | null }) => (run.mode === "faults" ? QA_FAULTS_LABEL : QA_KIND_LABELS[run.kind]);
export const QA_KIND_BLURBS: Record<TQaKind, string> = {
  load: "Sends a fixed number of connections or a fixed arrival rate and checks k6-style thresholds such as p(95)<300.",
  a11y: "Runs axe (WCAG 2.2 A and AA) in Chromium on pages from the sitemap, a crawl or a list.",
  links: "Crawls same-origin pages and reports broken links and resources, missing titles, mixed content and slow pages.",
  fuzz: "Reads the target's OpenAPI document and sends valid and invalid requests; every finding has a curl command.",
  devices: "Screenshots pages on desktop, tablet and phone in light and dark, and flags overflow and small tap targets.",
};

export const QA_STATUSES = ["queued", "running", "passed", "failed", "errored", "cancelled"] as const;
export type TQaStatus = (typeof QA_STATUSES)[number];
export const QA_STATUS_LABELS: Record<TQaStatus, string> = {
  queued: "Queued",
  running: "Running",
  passed: "Passed",
  failed: "Failed",
  errored: "Error",
  cancelled: "Cancelled",
};
export const QA_FINISHED: readonly TQaStatus[] = ["passed", "failed", "errored", "cancelled"];
export const QA_TRIGGERS = ["manual", "api", "schedule", "deployment"] as const;
export const QA_CHANGES = ["new", "persisting", "fixed"] as const;
export const QA_CHANGE_LABELS: Record<(typeof QA_CHANGES)[number], string> = { new: "New", persisting: "Still there", fixed: "Fixed" };
export const QA_SEVERITIES = ["critical", "serious", "moderate", "minor"] as const;

const id = z.string().trim().min(1, "is required").max(200);
const settings = z.record(z.string(), z.unknown(), { error: "must be an object of settings for the kind" });

// Secret request headers (a token, a session cookie): header name → value, sealed at rest and never returned. Values
// are one line because a load test writes them raw onto the socket; host and framing headers are T-Minus's to set.
const secretValue = z.string({ error: "must be text" }).min(1, "must not be empty").max(4000, "must be at most 4000 characters");
function secretHeaders<V extends z.ZodType<string | null>>(value: V) {
  return z
    .record(z.string(), value, { error: "must be an object of header name → value" })
    .superRefine((record, ctx) => {
      const names = Object.keys(record);
      // Header names are case-insensitive: two spellings of one header would both go on the wire.
      const seen = new Map<string, string>();
      for (const name of names) {
        const first = seen.get(name.toLowerCase());
        if (first !== undefined) ctx.addIssue({ code: "custom", path: [name], message: `is the same header as ${first} (header names ignore case)`, params: { rule: "duplicate" } });
        else seen.set(name.toLowerCase(), name);
      }
      if (names.length > 20) ctx.addIssue({ code: "custom", path: [], message: "must hold at most 20 headers", params: { rule: "too_many" } });
      for (const name of names) {
        const v = record[name];
        if (!HEADER_TOKEN.test(name) || name.length > 100) ctx.addIssue({ code: "custom", path: [name], message: "must be a valid HTTP header name", params: { rule: "header_name" } });
        else if (RESERVED_HEADERS.has(name.toLowerCase())) ctx.addIssue({ code: "custom", path: [name], message: "is set by T-Minus (from the target URL and the body)", params: { rule: "reserved" } });
        else if (typeof v === "string" && /[\r\n\0]/.test(v)) ctx.addIssue({ code: "custom", path: [name], message: "must be one line", params: { rule: "one_line" } });
      }
    })
    .describe("Secret request headers, name → value (load tests send them on every request); stored encrypted, only names are returned");
}
const secrets = secretHeaders(secretValue);

export const ZQaRunCreate = z
  .object({
    targetId: id,
    kind: z.enum(QA_KIND_IDS, { error: `must be one of ${QA_KIND_IDS.join(", ")}` }).optional(),
    /** Run a saved profile (its kind, target and settings); settings given here replace the profile's for this run. */
    profileId: id.optional(),
    settings: settings.optional(),
    /** Added to a profile's secrets for this run (a name given here replaces the profile's). */
    secrets: secrets.optional(),
    /** Required for a production target: QA traffic reaches real users. */
    confirmProduction: z.boolean().optional(),
  })
  .strict();
export type TQaRunCreate = z.infer<typeof ZQaRunCreate>;

export const ZQaListQuery = z.object({
  kind: z.enum(QA_KIND_IDS, { error: `must be one of ${QA_KIND_IDS.join(", ")}` }).optional(),
  targetId: id.optional(),
  status: z.enum(QA_STATUSES, { error: `must be one of ${QA_STATUSES.join(", ")}` }).optional(),
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(200, "must be at most 200").default(50),
  before: z.string().max(200).optional(),
});

export const ZQaLogsQuery = z.object({
  after: z.string().regex(/^\d{1,18}$/, "must be a log line id").optional(),
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(2000, "must be at most 2000").default(500),
});

const profileName = z.string().trim().min(1, "is required").max(80, "must be at most 80 characters");
export const ZQaProfileCreate = z
  .object({
    name: profileName,
    targetId: id,
    kind: z.enum(QA_KIND_IDS, { error: `must be one of ${QA_KIND_IDS.join(", ")}` }),
    settings: settings.default({}),
    secrets: secrets.optional(),
    everyHours: z.number({ error: "must be a number of hours" }).int("must be a whole number of hours").min(1, "must be at least 1").max(24 * 30, "must be at most 720 (30 days)").nullable().default(null),
    afterDeploy: z.boolean().default(false),
    confirmProduction: z.boolean().optional(),
  })
  .strict();
export const ZQaProfileUpdate = z
  .object({
    name: profileName.optional(),
    settings: settings.optional(),
    /** Merged into the profile's secrets; a name set to null is removed. */
    secrets: secretHeaders(secretValue.nullable()).optional(),
    everyHours: z.number({ error: "must be a number of hours" }).int("must be a whole number of hours").min(1, "must be at least 1").max(24 * 30, "must be at most 720 (30 days)").nullable().optional(),
    afterDeploy: z.boolean().optional(),
    confirmProduction: z.boolean().optional(),
  })
  .strict();

// ---- Responses -----------------------------------------------------------------------------------------------------

export const ZQaRunSummary = z.object({
  id: z.string(),
  number: z.number().int(),
  ref: z.string().describe('"QA-12"'),
  projectId: z.string(),
  targetId: z.string(),
  targetName: z.string(),
  environment: z.string(),
  baseUrl: z.string(),
  kind: z.enum(QA_KIND_IDS),
  mode: z.enum(["faults"]).nullable().describe('"faults": bad-input hammering run as a partial network failure (a check of its own); null otherwise'),
  status: z.enum(QA_STATUSES),
  trigger: z.enum(QA_TRIGGERS),
  profileId: z.string().nullable(),
  deploymentId: z.string().nullable(),
  requestedBy: z.string(),
  progress: z.number().describe("0..1"),
  progressMessage: z.string().nullable(),
  summary: z.string().nullable(),
  reliable: z.boolean(),
  unreliableReason: z.string().nullable(),
  findings: z.object({ new: z.number(), persisting: z.number(), fixed: z.number(), gating: z.number(), needsReview: z.number() }),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type TQaRunSummary = z.infer<typeof ZQaRunSummary>;

export const ZQaFinding = z.object({
  id: z.string(),
  fingerprint: z.string(),
  rule: z.string(),
  severity: z.enum(QA_SEVERITIES),
  title: z.string(),
  location: z.string(),
  advice: z.string(),
  detail: z.record(z.string(), z.unknown()),
  needsReview: z.boolean(),
  gating: z.boolean(),
  change: z.enum(QA_CHANGES),
  firstSeenRunId: z.string().nullable(),
});
export type TQaFinding = z.infer<typeof ZQaFinding>;

export const ZQaArtifact = z.object({
  id: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  meta: z.record(z.string(), z.unknown()),
  href: z.string(),
});
export type TQaArtifact = z.infer<typeof ZQaArtifact>;

const secretKeys = z.array(z.string()).describe("names of secret request headers, sorted; values are never returned");

export const ZQaRun = ZQaRunSummary.extend({
  settings: z.record(z.string(), z.unknown()).describe("the kind's settings; secret headers are not here"),
  secretKeys,
  metrics: z.record(z.string(), z.unknown()).nullable(),
  findingsList: z.array(ZQaFinding),
  artifacts: z.array(ZQaArtifact),
  previous: ZQaRunSummary.nullable().describe(
    "The run its findings were compared with (the previous passed or failed run of the same kind on the same target); null while it runs, for the first one, and for runs that errored or were cancelled",
  ),
  cancelRequested: z.boolean(),
});
export type TQaRun = z.infer<typeof ZQaRun>;

export const ZQaLogLine = z.object({ id: z.string(), at: z.string(), level: z.enum(["info", "warn", "error"]), message: z.string() });
export type TQaLogLine = z.infer<typeof ZQaLogLine>;
export const ZQaPoint = z.object({ t: z.number().int() }).catchall(z.number());
export type TQaPoint = z.infer<typeof ZQaPoint>;

export const ZQaProfile = z.object({
  id: z.string(),
  name: z.string(),
  targetId: z.string(),
  targetName: z.string(),
  environment: z.string(),
  kind: z.enum(QA_KIND_IDS),
  settings: z.record(z.string(), z.unknown()).describe("the kind's settings; secret headers are not here"),
  secretKeys,
  everyHours: z.number().int().nullable(),
  nextRunAt: z.string().nullable(),
  afterDeploy: z.boolean(),
  lastRun: ZQaRunSummary.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TQaProfile = z.infer<typeof ZQaProfile>;

/** Live event on the project channel when a run changes (progress, status, findings); pages refetch the run. */
export const QA_EVENT = "qa.updated";
/** Stored events (status changes) carry progress; transient ones carry a log line or a chart point, and the status. */
export type TQaEvent = { runId: string; status: TQaStatus; progress?: number; progressMessage?: string | null; point?: TQaPoint; log?: TQaLogLine };
