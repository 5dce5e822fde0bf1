import type { Check, Prisma, Target } from "@prisma/client";
import { db, type Tx } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { decryptSecrets, encryptSecrets } from "../crypto/secrets";
import { NotFoundError, ValidationError, issuesFromZod, parseInput } from "../errors";
import { CHECK_SETTINGS, ZCheckCreate, ZCheckUpdate, type CheckKindName } from "./schemas";
import { checkBinding } from "./binding";
import { healthUrl } from "../targets/schemas";

export type TCheck = {
  id: string;
  projectId: string;
  targetId: string | null;
  name: string;
  kind: CheckKindName;
  settings: Record<string, unknown>;
  secretKeys: string[];
  intervalSeconds: number;
  timeoutSeconds: number;
  failuresToOpen: number;
  successesToClose: number;
  reminderMinutes: number;
  enabled: boolean;
  /** The last result's status, or "unknown" when results stopped coming (paused, or no worker for two intervals). */
  state: "up" | "degraded" | "down" | "unknown" | "paused";
  stale: boolean;
  lastResultAt: string | null;
  nextRunAt: string | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  openIncidentId: string | null;
  recentLatencies: number[];
  createdAt: string;
};

/** A check is stale when no result arrived for two intervals and half a minute: its state is then unknown. */
export const isStale = (c: Pick<Check, "lastResultAt" | "intervalSeconds" | "createdAt">, now = Date.now()) =>
  now - (c.lastResultAt ?? c.createdAt).getTime() > 2 * c.intervalSeconds * 1000 + 30_000;

export function toCheck(c: Check, now = Date.now()): TCheck {
  const stale = c.enabled && isStale(c, now);
  return {
    id: c.id,
    projectId: c.projectId,
    targetId: c.targetId,
    name: c.name,
    kind: c.kind,
    settings: c.settings as Record<string, unknown>,
    secretKeys: [...c.secretKeys].sort(),
    intervalSeconds: c.intervalSeconds,
    timeoutSeconds: c.timeoutSeconds,
    failuresToOpen: c.failuresToOpen,
    successesToClose: c.successesToClose,
    reminderMinutes: c.reminderMinutes,
    enabled: c.enabled,
    state: !c.enabled ? "paused" : stale ? "unknown" : c.state,
    stale,
    lastResultAt: c.lastResultAt?.toISOString() ?? null,
    nextRunAt: c.enabled ? c.nextRunAt.toISOString() : null,
    lastLatencyMs: c.lastLatencyMs,
    lastError: c.lastError,
    consecutiveFailures: c.consecutiveFailures,
    openIncidentId: c.openIncidentId,
    recentLatencies: c.recentLatencies,
    createdAt: c.createdAt.toISOString(),
  };
}

const auditView = (c: Check) => ({
  name: c.name,
  kind: c.kind,
  targetId: c.targetId,
  settings: c.settings,
  secretKeys: [...c.secretKeys].sort(),
  intervalSeconds: c.intervalSeconds,
  timeoutSeconds: c.timeoutSeconds,
  failuresToOpen: c.failuresToOpen,
  successesToClose: c.successesToClose,
  reminderMinutes: c.reminderMinutes,
  enabled: c.enabled,
});


/** Every new target is watched: an HTTP check on its health URL every minute, two failures to open an incident. */
export async function createDefaultCheck(tx: Tx, target: Pick<Target, "id" | "projectId" | "baseUrl" | "healthPath">) {
  return tx.check.create({
    data: {
      projectId: target.projectId,
      targetId: target.id,
      name: "Health endpoint",
      kind: "http",
      settings: { url: healthUrl(target.baseUrl, target.healthPath), method: "GET", headers: {}, expectedStatus: "200-299", followRedirects: true },
      intervalSeconds: 60,
      timeoutSeconds: 10,
    },
  });
}

/** A target's health URL moved: checks that probed the old one follow it. */
export async function followHealthUrl(tx: Tx, targetId: string, before: string, after: string) {
  if (before === after) return;
  const checks = await tx.check.findMany({ where: { targetId, kind: "http" } });
  for (const c of checks) {
    const settings = c.settings as Record<string, unknown>;
    if (settings.url === before) await tx.check.update({ where: { id: c.id }, data: { settings: { ...settings, url: after } as Prisma.InputJsonValue } });
  }
}

/** Raw results and roll-ups have no foreign key (partitioned tables): they go with their checks. */
export async function deleteCheckData(tx: Tx, checkIds: string[]) {
  if (!checkIds.length) return;
  for (const table of ["CheckResult", "CheckRollupMinute", "CheckRollupHour", "CheckRollupDay"]) {
    await tx.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "checkId" = ANY($1)`, checkIds);
  }
}

function parseKindSettings(kind: CheckKindName, settings: unknown) {
  const parsed = CHECK_SETTINGS[kind].safeParse(settings);
  if (!parsed.success) throw new ValidationError(issuesFromZod(parsed.error, "settings"));
  return parsed.data as Prisma.InputJsonValue;
}

/** Failing first, then degraded, unknown, up, paused; by name within each. */
const ORDER: Record<TCheck["state"], number> = { down: 0, degraded: 1, unknown: 2, up: 3, paused: 4 };
export const byUrgency = (a: TCheck, b: TCheck) => ORDER[a.state] - ORDER[b.state] || a.name.localeCompare(b.name);

export async function loadCheck(tx: Tx | typeof db, projectId: string, checkId: string) {
  const check = await tx.check.findFirst({ where: { id: checkId, projectId } });
  if (!check) throw new NotFoundError("Check");
  return check;
}

export async function getCheck({ ctx, input }: { ctx: Ctx; input: { projectId: string; checkId: string } }): Promise<TCheck> {
  await authorize(ctx, input.projectId, "check.read");
  return toCheck(await loadCheck(db, input.projectId, input.checkId));
}

export async function createCheck({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TCheck> {
  await authorize(ctx, input.projectId, "check.manage");
  const data = parseInput(ZCheckCreate, input.data);
  const settings = parseKindSettings(data.kind, data.settings);
  return db.$transaction(async (tx) => {
    if (data.targetId && !(await tx.target.findFirst({ where: { id: data.targetId, projectId: input.projectId }, select: { id: true } }))) {
      throw new ValidationError([{ path: "targetId", rule: "not_found", message: "is not a target of this project" }]);
    }
    const secretKeys = data.kind === "http" ? Object.keys(data.secrets ?? {}) : [];
    if (data.kind !== "http" && Object.keys(data.secrets ?? {}).length) {
      throw new ValidationError([{ path: "secrets", rule: "http_only", message: "are secret HTTP headers; only http checks send them" }]);
    }
    const row = await tx.check.create({
      data: {
        projectId: input.projectId,
        targetId: data.targetId ?? null,
        name: data.name,
        kind: data.kind,
        settings,
        secretKeys,
        intervalSeconds: data.intervalSeconds,
        timeoutSeconds: data.timeoutSeconds,
        failuresToOpen: data.failuresToOpen,
        successesToClose: data.successesToClose,
        reminderMinutes: data.reminderMinutes,
        enabled: data.enabled,
      },
    });
    // Sealed to the check's own id, which exists only once the row does.
    const check = secretKeys.length
      ? await tx.check.update({ where: { id: row.id }, data: { secretsEncrypted: encryptSecrets(data.secrets!, checkBinding(input.projectId, row.id)) } })
      : row;
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "check.create", objectType: "check", objectId: check.id, after: auditView(check) });
    return toCheck(check);
  });
}

export async function updateCheck({ ctx, input }: { ctx: Ctx; input: { projectId: string; checkId: string; patch: unknown } }): Promise<TCheck> {
  await authorize(ctx, input.projectId, "check.manage");
  const patch = parseInput(ZCheckUpdate.refine((v) => Object.keys(v).length > 0, "send at least one field"), input.patch);
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Check" WHERE id = ${input.checkId} AND "projectId" = ${input.projectId} FOR UPDATE`;
    const before = await loadCheck(tx, input.projectId, input.checkId);
    const interval = patch.intervalSeconds ?? before.intervalSeconds;
    const timeout = patch.timeoutSeconds ?? before.timeoutSeconds;
    if (timeout >= interval) {
      throw new ValidationError([{ path: patch.timeoutSeconds ? "timeoutSeconds" : "intervalSeconds", rule: "timeout_below_interval", message: "the timeout must be shorter than the interval, so one run ends before the next is due" }]);
    }
    const settings = patch.settings ? parseKindSettings(before.kind, patch.settings) : undefined;
    let secretsEncrypted = before.secretsEncrypted;
    let secretKeys = before.secretKeys;
    if (patch.secrets) {
      if (before.kind !== "http") throw new ValidationError([{ path: "secrets", rule: "http_only", message: "are secret HTTP headers; only http checks send them" }]);
      const binding = checkBinding(input.projectId, before.id);
      const secrets = { ...(before.secretsEncrypted ? decryptSecrets(before.secretsEncrypted, binding) : {}), ...patch.secrets };
      secretKeys = Object.keys(secrets);
      secretsEncrypted = encryptSecrets(secrets, binding);
    }
    const resumed = patch.enabled === true && !before.enabled;
    const after = await tx.check.update({
      where: { id: before.id },
      data: {
        name: patch.name,
        settings,
        secretsEncrypted,
        secretKeys,
        intervalSeconds: patch.intervalSeconds,
        timeoutSeconds: patch.timeoutSeconds,
        failuresToOpen: patch.failuresToOpen,
        successesToClose: patch.successesToClose,
        reminderMinutes: patch.reminderMinutes,
        enabled: patch.enabled,
        // A resumed check, or one with a new interval, runs now and keeps that rhythm.
        ...(resumed || (patch.intervalSeconds && patch.intervalSeconds !== before.intervalSeconds) ? { nextRunAt: new Date() } : {}),
      },
    });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "check.update", objectType: "check", objectId: after.id, before: auditView(before), after: auditView(after) });
    return toCheck(after);
  });
}

export async function deleteCheck({ ctx, input }: { ctx: Ctx; input: { projectId: string; checkId: string } }) {
  await authorize(ctx, input.projectId, "check.manage");
  await db.$transaction(async (tx) => {
    const before = await loadCheck(tx, input.projectId, input.checkId);
    await tx.check.delete({ where: { id: before.id } });
    await deleteCheckData(tx, [before.id]);
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "check.delete", objectType: "check", objectId: before.id, before: auditView(before) });
  });
  return { deleted: true as const };
}
