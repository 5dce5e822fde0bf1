import type { Prisma } from "@prisma/client";
import { db, type Tx } from "../db";
import { actorLabel, authorize, requireActor, systemCtx, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { NotFoundError, ValidationError, conflictFromUniqueViolation, parseInput } from "../errors";
import { Effects } from "../deployments/core";
import { isProduction } from "../launch/gate";
import { log } from "../observability/log";
import { checkProductionRules, checkSettings, getQaRun, insertRun, toSummary } from "./runs";
import { ZQaProfileCreate, ZQaProfileUpdate, type TQaProfile, type TQaRun } from "./schemas";
import { mergeSecrets, openQaSecrets, qaProfileBinding, refuseSecretsFor, sealQaSecrets, visibleSettings } from "./secrets";

// QA profiles: a kind's settings saved for one target, run again by hand, every N hours, or after each successful
// deployment to the target. Saving one for production asks for the same confirmation a production run does; the
// automatic runs it starts rely on that confirmation (recorded as confirmedBy).

// Each profile comes with its latest run, in the same read (a list of profiles is one query, not one per profile).
const include = {
  target: { select: { name: true, environment: true } },
  runs: { orderBy: { number: "desc" }, take: 1, include: { target: { select: { name: true } } } },
} as const satisfies Prisma.QaProfileInclude;
type ProfileRow = Prisma.QaProfileGetPayload<{ include: typeof include }>;

function toProfile(p: ProfileRow): TQaProfile {
  const last = p.runs[0];
  return {
    id: p.id,
    name: p.name,
    targetId: p.targetId,
    targetName: p.target.name,
    environment: p.target.environment,
    kind: p.kind,
    settings: visibleSettings(p.kind, p.settings),
    secretKeys: [...p.secretKeys].sort(),
    everyHours: p.everyHours,
    nextRunAt: p.nextRunAt?.toISOString() ?? null,
    afterDeploy: p.afterDeploy,
    lastRun: last ? toSummary(last) : null,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** A profile's secrets in the clear, for the run it starts (which seals them to itself). */
const profileSecrets = (p: { id: string; projectId: string; secretsEncrypted: string | null }) => openQaSecrets(p.secretsEncrypted, qaProfileBinding(p.projectId, p.id));

/**
 * A profile's secrets for a run it starts by itself (schedule, after a deploy). If they no longer open, the run is
 * still made and ends errored saying why: a deployment's success must not fail on it, nor a slot stay due forever.
 */
function unattendedSecrets(p: { id: string; projectId: string; secretsEncrypted: string | null; secretKeys: string[] }) {
  try {
    return { secrets: profileSecrets(p) };
  } catch (error) {
    log.warn("qa.profile_secrets_unreadable", { profileId: p.id, projectId: p.projectId, error: (error as Error).message });
    return { unreadableSecretKeys: p.secretKeys.length ? p.secretKeys : ["(unknown)"] };
  }
}

const nextSlot = (everyHours: number | null, from = new Date()) => (everyHours ? new Date(from.getTime() + everyHours * 3600_000) : null);

export async function listQaProfiles({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TQaProfile[]> {
  await authorize(ctx, input.projectId, "qa.read");
  const rows = await db.qaProfile.findMany({ where: { projectId: input.projectId }, include, orderBy: [{ name: "asc" }] });
  return rows.map(toProfile);
}

async function findProfile(ctx: Ctx, projectId: string, profileId: string): Promise<ProfileRow> {
  await authorize(ctx, projectId, "qa.read");
  const row = await db.qaProfile.findFirst({ where: { id: profileId, projectId }, include });
  if (!row) throw new NotFoundError("QA profile");
  return row;
}

export async function getQaProfile({ ctx, input }: { ctx: Ctx; input: { projectId: string; profileId: string } }): Promise<TQaProfile> {
  return toProfile(await findProfile(ctx, input.projectId, input.profileId));
}

function saved<T>(promise: Promise<T>, name: string): Promise<T> {
  return promise.catch((error: unknown) => {
    if (conflictFromUniqueViolation(error)) throw new ValidationError([{ path: "name", rule: "unique", message: `"${name}" is already the name of a QA profile in this project` }]);
    throw error;
  });
}

export async function createQaProfile({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TQaProfile> {
  await authorize(ctx, input.projectId, "qa.run");
  const data = parseInput(ZQaProfileCreate, input.data);
  const target = await db.target.findFirst({ where: { id: data.targetId, projectId: input.projectId }, select: { environment: true } });
  if (!target) throw new ValidationError([{ path: "targetId", rule: "exists", message: "is not a target of this project" }]);
  const settings = await checkSettings(data.kind, data.settings);
  refuseSecretsFor(data.kind, data.secrets);
  await checkProductionRules(ctx, input.projectId, target.environment, data.kind, data.confirmProduction, "profile");
  const by = actorLabel(requireActor(ctx));
  const row = await saved(
    db.$transaction(async (tx) => {
      const created = await tx.qaProfile.create({
        data: {
          projectId: input.projectId, targetId: data.targetId, kind: data.kind, name: data.name, settings: settings as Prisma.InputJsonValue,
          everyHours: data.everyHours, nextRunAt: nextSlot(data.everyHours), afterDeploy: data.afterDeploy, confirmedBy: isProduction(target.environment) ? by : null,
        },
        include,
      });
      // Sealed to the profile's own id, which exists only once the row does.
      const p = data.secrets && Object.keys(data.secrets).length
        ? await tx.qaProfile.update({ where: { id: created.id }, data: sealQaSecrets(data.secrets, qaProfileBinding(input.projectId, created.id)), include })
        : created;
      await writeAudit(tx, ctx, {
        projectId: input.projectId, action: "qa.profile.create", objectType: "qa_profile", objectId: p.id,
        after: { name: p.name, kind: p.kind, target: p.target.name, everyHours: p.everyHours, afterDeploy: p.afterDeploy, secretKeys: p.secretKeys },
      });
      return p;
    }),
    data.name,
  );
  return toProfile(row);
}

export async function updateQaProfile({ ctx, input }: { ctx: Ctx; input: { projectId: string; profileId: string; data: unknown } }): Promise<TQaProfile> {
  const current = await findProfile(ctx, input.projectId, input.profileId);
  await authorize(ctx, current.projectId, "qa.run");
  const patch = parseInput(ZQaProfileUpdate, input.data);
  const settings = patch.settings ? await checkSettings(current.kind, patch.settings) : undefined;
  refuseSecretsFor(current.kind, patch.secrets);
  // Any change to what runs automatically against production is confirmed again by the person making it.
  if (patch.settings || patch.secrets || patch.everyHours !== undefined || patch.afterDeploy !== undefined) {
    await checkProductionRules(ctx, current.projectId, current.target.environment, current.kind, patch.confirmProduction, "profile");
  }
  const by = actorLabel(requireActor(ctx));
  const everyHours = patch.everyHours === undefined ? current.everyHours : patch.everyHours;
  let sealed: ReturnType<typeof sealQaSecrets> | undefined;
  if (patch.secrets) {
    const secrets = mergeSecrets(profileSecrets(current), patch.secrets);
    sealed = sealQaSecrets(secrets, qaProfileBinding(current.projectId, current.id));
  }
  const row = await saved(
    db.$transaction(async (tx) => {
      const p = await tx.qaProfile.update({
        where: { id: current.id },
        data: {
          name: patch.name,
          settings: settings as Prisma.InputJsonValue | undefined,
          everyHours,
          nextRunAt: patch.everyHours === undefined ? undefined : nextSlot(everyHours),
          afterDeploy: patch.afterDeploy,
          confirmedBy: isProduction(current.target.environment) && patch.confirmProduction ? by : undefined,
          ...sealed,
        },
        include,
      });
      await writeAudit(tx, ctx, {
        projectId: current.projectId, action: "qa.profile.update", objectType: "qa_profile", objectId: p.id,
        before: { name: current.name, everyHours: current.everyHours, afterDeploy: current.afterDeploy, secretKeys: current.secretKeys },
        after: { name: p.name, everyHours: p.everyHours, afterDeploy: p.afterDeploy, secretKeys: p.secretKeys },
      });
      return p;
    }),
    patch.name ?? current.name,
  );
  return toProfile(row);
}

export async function deleteQaProfile({ ctx, input }: { ctx: Ctx; input: { projectId: string; profileId: string } }): Promise<{ deleted: true }> {
  const current = await findProfile(ctx, input.projectId, input.profileId);
  await authorize(ctx, current.projectId, "qa.run");
  await db.$transaction(async (tx) => {
    await tx.qaProfile.delete({ where: { id: current.id } });
    await writeAudit(tx, ctx, { projectId: current.projectId, action: "qa.profile.delete", objectType: "qa_profile", objectId: current.id, before: { name: current.name, kind: current.kind } });
  });
  return { deleted: true };
}

/** "Run now" on a profile: a person's run, so production asks for confirmation again. */
export async function runQaProfile({ ctx, input }: { ctx: Ctx; input: { projectId: string; profileId: string; data: unknown } }): Promise<TQaRun> {
  const current = await findProfile(ctx, input.projectId, input.profileId);
  await authorize(ctx, current.projectId, "qa.run");
  const data = parseInput(ZQaProfileUpdate.pick({ confirmProduction: true }), input.data === undefined ? {} : input.data);
  await checkProductionRules(ctx, current.projectId, current.target.environment, current.kind, data.confirmProduction, "run");
  const trigger = requireActor(ctx).type === "token" ? "api" : "manual";
  const fx = new Effects();
  const runId = await db.$transaction((tx) =>
    insertRun(tx, ctx, fx, { projectId: current.projectId, targetId: current.targetId, kind: current.kind, settings: current.settings as Record<string, unknown>, trigger, profileId: current.id, secrets: profileSecrets(current) }),
  );
  await fx.flush();
  return getQaRun({ ctx, input: { projectId: current.projectId, runId } });
}

/** Automatic runs may start only from profiles whose production confirmation is on record. */
const mayRunUnattended = (p: { confirmedBy: string | null; target: { environment: string } }) => !isProduction(p.target.environment) || p.confirmedBy !== null;

/**
 * Starts the runs whose schedule slot has come, oldest slot first. Each slot is claimed with a conditional update of
 * nextRunAt, so several workers sweeping at once start it once. A profile that fails is logged and left due (its
 * claim rolls back with the failed insert, so the next sweep tries it again); the others still start. Returns the run
 * ids started.
 */
export async function startScheduledRuns(now = new Date()): Promise<string[]> {
  const due = await db.qaProfile.findMany({ where: { everyHours: { not: null }, nextRunAt: { lte: now } }, include: { target: include.target }, orderBy: { nextRunAt: "asc" }, take: 50 });
  const started: string[] = [];
  for (const p of due) {
    const fx = new Effects();
    let runId: string | null;
    try {
      runId = await db.$transaction(async (tx) => {
        const claimed = await tx.qaProfile.updateMany({ where: { id: p.id, nextRunAt: p.nextRunAt }, data: { nextRunAt: nextSlot(p.everyHours, now) } });
        if (!claimed.count || !mayRunUnattended(p)) return null;
        return insertRun(tx, systemCtx(`qa.schedule#${p.id}`), fx, {
          projectId: p.projectId, targetId: p.targetId, kind: p.kind, settings: p.settings as Record<string, unknown>, trigger: "schedule", profileId: p.id, ...unattendedSecrets(p),
        });
      });
    } catch (error) {
      log.warn("qa.scheduled_run_failed", { profileId: p.id, projectId: p.projectId, error: (error as Error).message });
      continue;
    }
    await fx.flush();
    if (runId) started.push(runId);
  }
  if (started.length) log.info("qa.scheduled_runs", { count: started.length });
  return started;
}

/** Called in the transaction that records a deployment's success: queues the target's after-deploy profiles. */
export async function queueRunsAfterDeploy(tx: Tx, fx: Effects, deployment: { id: string; projectId: string; targetId: string }): Promise<number> {
  const profiles = await tx.qaProfile.findMany({ where: { targetId: deployment.targetId, afterDeploy: true }, include: { target: include.target } });
  let queued = 0;
  for (const p of profiles.filter(mayRunUnattended)) {
    await insertRun(tx, systemCtx(`qa.after-deploy#${deployment.id}`), fx, {
      projectId: p.projectId, targetId: p.targetId, kind: p.kind, settings: p.settings as Record<string, unknown>, trigger: "deployment", profileId: p.id, deploymentId: deployment.id, ...unattendedSecrets(p),
    });
    queued++;
  }
  return queued;
}
