import type { ConnectionTest, Prisma, Target } from "@prisma/client";
import { db, type Tx } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { decryptSecrets, encryptSecrets } from "../crypto/secrets";
import { createDefaultCheck, deleteCheckData, followHealthUrl } from "../monitoring/checks";
import { voidApprovalsAfterChange } from "../deployments/deployments";
import { ConflictError, NotFoundError, ValidationError, issuesFromZod, parseInput } from "../errors";
import { PROVIDERS, ZTargetCreate, ZTargetUpdate, healthUrl, withoutUserinfo, type ProviderKindName, type TConnectionTest, type TTarget } from "./schemas";

export function toConnectionTest(t: ConnectionTest, queueState: TConnectionTest["queueState"] = null): TConnectionTest {
  return {
    id: t.id,
    targetId: t.targetId,
    status: t.status,
    queueState: t.status === "queued" ? queueState : null,
    url: t.url,
    httpStatus: t.httpStatus,
    latencyMs: t.latencyMs,
    version: t.version,
    error: t.error,
    createdAt: t.createdAt.toISOString(),
    finishedAt: t.finishedAt?.toISOString() ?? null,
  };
}

type TargetRow = Target & { connectionTests?: ConnectionTest[] };
export function toTarget(t: TargetRow): TTarget {
  const last = t.connectionTests?.[0];
  return {
    id: t.id,
    projectId: t.projectId,
    name: t.name,
    environment: t.environment,
    baseUrl: withoutUserinfo(t.baseUrl),
    healthPath: t.healthPath,
    healthUrl: withoutUserinfo(healthUrl(t.baseUrl, t.healthPath)),
    providerKind: t.providerKind,
    providerSettings: t.providerSettings as Record<string, unknown>,
    secretKeys: [...t.secretKeys].sort(),
    lastConnectionTest: last ? toConnectionTest(last) : null,
    publicStatus: t.publicStatus,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

// The audit log sees which secrets exist, never their values.
const auditView = (t: Target) => ({
  name: t.name,
  environment: t.environment,
  baseUrl: withoutUserinfo(t.baseUrl),
  healthPath: t.healthPath,
  providerKind: t.providerKind,
  providerSettings: t.providerSettings,
  secretKeys: [...t.secretKeys].sort(),
  publicStatus: t.publicStatus,
});

function checkProvider(kind: ProviderKindName, settings: unknown, secretKeys: string[]) {
  const provider = PROVIDERS[kind];
  const parsed = provider.settings.safeParse(settings);
  if (!parsed.success) throw new ValidationError(issuesFromZod(parsed.error, "providerSettings"));
  const unknownKey = secretKeys.find((k) => !(provider.secretKeys as readonly string[]).includes(k));
  if (unknownKey) {
    throw new ValidationError([
      {
        path: `secrets.${unknownKey}`,
        rule: "unrecognized_key",
        message: `is not a secret of provider "${kind}" (allowed: ${provider.secretKeys.join(", ")})`,
      },
    ]);
  }
  return parsed.data as Prisma.InputJsonValue;
}

const latestTest = { connectionTests: { orderBy: { createdAt: "desc" as const }, take: 1 } };

export async function listTargets({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TTarget[]> {
  await authorize(ctx, input.projectId, "target.read");
  const rows = await db.target.findMany({ where: { projectId: input.projectId }, include: latestTest, orderBy: { createdAt: "asc" } });
  return rows.map(toTarget);
}

async function loadTarget(tx: Tx | typeof db, projectId: string, targetId: string) {
  const target = await tx.target.findFirst({ where: { id: targetId, projectId }, include: latestTest });
  if (!target) throw new NotFoundError("Target");
  return target;
}

export async function getTarget({ ctx, input }: { ctx: Ctx; input: { projectId: string; targetId: string } }) {
  await authorize(ctx, input.projectId, "target.read");
  return toTarget(await loadTarget(db, input.projectId, input.targetId));
}

export async function createTarget({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }) {
  await authorize(ctx, input.projectId, "target.create");
  const data = parseInput(ZTargetCreate, input.data);
  const secretKeys = Object.keys(data.secrets);
  const providerSettings = checkProvider(data.providerKind, data.providerSettings, secretKeys);
  return db.$transaction(async (tx) => {
    if (await tx.target.findFirst({ where: { projectId: input.projectId, name: data.name } })) {
      throw new ConflictError(`A target named "${data.name}" exists in this project`, "name_taken");
    }
    const target = await tx.target.create({
      data: {
        projectId: input.projectId,
        name: data.name,
        environment: data.environment,
        baseUrl: data.baseUrl,
        healthPath: data.healthPath,
        providerKind: data.providerKind,
        providerSettings,
        secretKeys,
        // Production pushes need one approval unless an admin changes the target's policy.
        approvalsRequired: data.environment === "production" ? 1 : 0,
      },
    });
    // Sealed to the target's own id, which exists only once the row does.
    if (secretKeys.length) {
      const binding = { projectId: input.projectId, targetId: target.id };
      await tx.target.update({ where: { id: target.id }, data: { secretsEncrypted: encryptSecrets(data.secrets, binding) } });
    }
    await createDefaultCheck(tx, target);
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "target.create", objectType: "target", objectId: target.id, after: auditView(target) });
    return toTarget(target);
  });
}

export async function updateTarget({ ctx, input }: { ctx: Ctx; input: { projectId: string; targetId: string; patch: unknown } }) {
  await authorize(ctx, input.projectId, "target.update");
  const patch = parseInput(ZTargetUpdate, input.patch);
  const { view, effects } = await db.$transaction(async (tx) => {
    // Row lock: concurrent PATCHes decrypt, merge and re-encrypt one at a time, so neither drops the other's secret.
    await tx.$queryRaw`SELECT 1 FROM "Target" WHERE id = ${input.targetId} AND "projectId" = ${input.projectId} FOR UPDATE`;
    const before = await loadTarget(tx, input.projectId, input.targetId);
    const binding = { projectId: input.projectId, targetId: before.id };
    if (patch.name && patch.name !== before.name && (await tx.target.findFirst({ where: { projectId: input.projectId, name: patch.name } }))) {
      throw new ConflictError(`A target named "${patch.name}" exists in this project`, "name_taken");
    }
    const kind = patch.providerKind ?? before.providerKind;
    const secrets = before.secretsEncrypted ? decryptSecrets(before.secretsEncrypted, binding) : {};
    for (const [key, value] of Object.entries(patch.secrets ?? {})) {
      if (value === null) delete secrets[key];
      else secrets[key] = value;
    }
    // Switching provider drops secrets the new provider does not use, rather than keeping stray credentials.
    const allowed = PROVIDERS[kind].secretKeys as readonly string[];
    if (patch.providerKind && patch.providerKind !== before.providerKind) {
      for (const key of Object.keys(secrets)) if (!allowed.includes(key) && !(key in (patch.secrets ?? {}))) delete secrets[key];
    }
    const settings = patch.providerSettings ?? (patch.providerKind && patch.providerKind !== before.providerKind ? {} : before.providerSettings);
    const providerSettings = checkProvider(kind, settings, Object.keys(secrets));
    const secretKeys = Object.keys(secrets);
    // Re-encrypted only when the secrets changed: the envelope is part of the hash approvals are bound to.
    const secretsChanged = JSON.stringify(Object.entries(secrets).sort()) !== JSON.stringify(Object.entries(before.secretsEncrypted ? decryptSecrets(before.secretsEncrypted, binding) : {}).sort());
    const after = await tx.target.update({
      where: { id: before.id },
      data: {
        name: patch.name,
        environment: patch.environment,
        baseUrl: patch.baseUrl,
        healthPath: patch.healthPath,
        providerKind: kind,
        providerSettings,
        secretKeys,
        secretsEncrypted: !secretsChanged ? before.secretsEncrypted : secretKeys.length ? encryptSecrets(secrets, binding) : null,
        publicStatus: patch.publicStatus,
      },
      include: latestTest,
    });
    await followHealthUrl(tx, after.id, healthUrl(before.baseUrl, before.healthPath), healthUrl(after.baseUrl, after.healthPath));
    await writeAudit(tx, ctx, {
      projectId: input.projectId,
      action: "target.update",
      objectType: "target",
      objectId: after.id,
      before: auditView(before),
      after: auditView(after),
    });
    const changed = [
      ...(["environment", "baseUrl", "healthPath", "providerKind"] as const).filter((k) => before[k] !== after[k]),
      ...(JSON.stringify(before.providerSettings) !== JSON.stringify(after.providerSettings) ? ["provider settings"] : []),
      ...(secretsChanged ? ["secrets"] : []),
    ];
    const effects = changed.length ? await voidApprovalsAfterChange(tx, { targetId: after.id }, `${after.name}'s configuration changed (${changed.join(", ")})`) : null;
    return { view: toTarget(after), effects };
  });
  await effects?.flush();
  return view;
}

export async function deleteTarget({ ctx, input }: { ctx: Ctx; input: { projectId: string; targetId: string } }) {
  await authorize(ctx, input.projectId, "target.delete");
  await db.$transaction(async (tx) => {
    const before = await loadTarget(tx, input.projectId, input.targetId);
    await deleteCheckData(tx, (await tx.check.findMany({ where: { targetId: before.id }, select: { id: true } })).map((c) => c.id));
    await tx.target.delete({ where: { id: before.id } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "target.delete", objectType: "target", objectId: before.id, before: auditView(before) });
  });
  return { deleted: true };
}

/** Server-side only: the decrypted secrets a provider adapter needs. Never returned by any route. */
export async function targetSecrets(target: Pick<Target, "id" | "projectId" | "secretsEncrypted">) {
  return target.secretsEncrypted ? decryptSecrets(target.secretsEncrypted, { projectId: target.projectId, targetId: target.id }) : {};
}
