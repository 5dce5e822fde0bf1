import { z } from "zod";

// Shapes of the deployment API (shared by the route table, the OpenAPI document and the CLI). No server imports.

export const DEPLOYMENT_STATUSES = [
  "requested", "awaiting_approval", "approved", "queued", "running", "verifying", "succeeded", "failed", "cancelled", "rolled_back",
] as const;
export const ACTIVE_STATUSES = ["requested", "awaiting_approval", "approved", "queued", "running", "verifying"] as const;
export const FINAL_STATUSES = ["succeeded", "failed", "cancelled", "rolled_back"] as const;
export type DeploymentStatusName = (typeof DEPLOYMENT_STATUSES)[number];

const reason = z.string().trim().min(3, "must say why (at least 3 characters)").max(500, "must be at most 500 characters");

export const ZDeploymentCreate = z
  .object({
    targetId: z.string().trim().min(1, "is required").max(200),
    release: z.string().trim().min(1, "is required (a release id or version)").max(200),
    idempotencyKey: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._:-]{8,200}$/, "must be 8–200 letters, digits or . _ : -")
      .optional()
      .describe("Send the same key to retry safely: the first deployment made with it is returned, never a second one"),
    reason: z.string().trim().max(500, "must be at most 500 characters").optional(),
    override: z
      .object({ reason })
      .strict()
      .optional()
      .describe("Admins: deploy through a target lock, an open freeze window or a no-go launch. Audited and notified"),
    emergencyBypass: z
      .object({ reason })
      .strict()
      .optional()
      .describe("Admins: skip the required approvals in an emergency. The deployment is marked, audited and notified"),
  })
  .strict();

export const ZDecision = z.object({ reason: z.string().trim().max(500, "must be at most 500 characters").optional() }).strict();
export const ZReject = z.object({ reason }).strict();
export const ZReasonBody = z.object({ reason }).strict();
export const ZCancel = z.object({ reason: z.string().trim().max(500, "must be at most 500 characters").optional() }).strict();

export const ZDeploymentQuery = z
  .object({
    targetId: z.string().max(200).optional(),
    status: z.enum(DEPLOYMENT_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .strict();

export const ZGate = z.object({
  id: z.string(),
  label: z.string(),
  ok: z.boolean(),
  reason: z.string().describe("what the gate found, as a sentence"),
  overridden: z.boolean(),
});
export type TGate = z.infer<typeof ZGate>;

export const ZStep = z.object({
  name: z.string(),
  label: z.string(),
  status: z.enum(["running", "succeeded", "failed", "skipped"]),
  detail: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const ZApproval = z.object({
  id: z.string(),
  userId: z.string(),
  user: z.string(),
  role: z.string(),
  decision: z.enum(["approved", "rejected"]),
  reason: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  state: z.enum(["valid", "expired", "void", "rejected"]),
  voidReason: z.string().nullable(),
});

export const ZOverride = z.object({
  kind: z.enum(["lock", "freeze", "approvals", "launch"]),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
});
export type TOverride = z.infer<typeof ZOverride>;

export const ZDeployment = z.object({
  id: z.string(),
  number: z.number().int(),
  projectId: z.string(),
  kind: z.enum(["deploy", "rollback"]),
  status: z.enum(DEPLOYMENT_STATUSES),
  target: z.object({ id: z.string(), name: z.string(), environment: z.string() }),
  release: z.object({ id: z.string(), version: z.string(), title: z.string(), commitSha: z.string().nullable() }),
  requestedBy: z.string(),
  requestedById: z.string().nullable(),
  reason: z.string(),
  overrides: z.array(ZOverride),
  rollbackToId: z.string().nullable(),
  rollbackVersion: z.string().nullable().describe("after a failed verification: the version T-Minus rolled back to"),
  failureReason: z.string().nullable(),
  cancelReason: z.string().nullable(),
  providerDeployId: z.string().nullable(),
  providerUrl: z.string().nullable(),
  approvalsRequired: z.number().int(),
  approvalsValid: z.number().int(),
  approvals: z.array(ZApproval),
  steps: z.array(ZStep),
  logLineCount: z.number().int(),
  logTruncated: z.boolean(),
  createdAt: z.string(),
  approvedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type TDeployment = z.infer<typeof ZDeployment>;

export const ZDeploymentDetail = ZDeployment.extend({
  changelog: z.string().describe("the release's changelog (Markdown)"),
  gates: z.array(ZGate),
  viewer: z.object({
    canApprove: z.boolean(),
    whyNot: z.string().nullable().describe("why the caller cannot approve, as a sentence"),
    canCancel: z.boolean(),
    canRollbackTo: z.boolean(),
  }),
  rollbackNote: z.string().describe("what a rollback does not revert"),
});
export type TDeploymentDetail = z.infer<typeof ZDeploymentDetail>;

export const ZLogQuery = z.object({ after: z.coerce.number().int().min(0).max(1_000_000).default(0) }).strict();

export const ZLogPage = z.object({
  deploymentId: z.string(),
  lines: z.array(z.object({ n: z.number().int(), text: z.string() })),
  nextLine: z.number().int(),
  truncated: z.boolean(),
});

export const ZDeployPolicy = z.object({
  approvalsRequired: z.number().int().min(0, "must be 0 or more").max(5, "must be at most 5"),
  approverRoles: z.array(z.enum(["member", "approver", "admin"])).min(1, "must name at least one role").max(3),
  approvalExpiryMinutes: z.number().int().min(5, "must be at least 5 minutes").max(1440, "must be at most 1440 minutes (a day)"),
  queuePolicy: z.enum(["fifo", "newest_wins"]),
  verifySeconds: z.number().int().min(0, "must be 0 or more").max(600, "must be at most 600 seconds"),
  autoRollback: z.boolean(),
});
export type TDeployPolicy = z.infer<typeof ZDeployPolicy>;

export const ZTargetDeployState = z.object({
  targetId: z.string(),
  policy: ZDeployPolicy,
  lock: z.object({ at: z.string(), reason: z.string(), by: z.string() }).nullable(),
  live: z.object({ deploymentId: z.string(), number: z.number().int(), version: z.string(), at: z.string(), kind: z.enum(["deploy", "rollback"]), requestedBy: z.string() }).nullable(),
  active: ZDeployment.nullable().describe("the deployment running or verifying now"),
  waiting: z.array(ZDeployment).describe("requested, awaiting approval or queued, oldest first"),
  freeze: z.object({ name: z.string(), reason: z.string() }).nullable(),
  deployable: z.object({ ok: z.boolean(), how: z.string() }),
});

export const ROLLBACK_NOTE =
  "A rollback puts the earlier build back in front of users. It does not revert environment variables, database migrations, scheduled jobs or data written since; undo those by hand if the release changed them.";

export const STEP_LABELS: Record<string, string> = {
  request: "Requested",
  approval: "Approvals",
  queue: "Queued",
  trigger: "Deploy started",
  build: "Building",
  verify: "Verifying health",
  rollback: "Rolling back",
  "verify-rollback": "Verifying rollback",
};
