import type { InstanceSettings } from "@prisma/client";
import { db, type Tx } from "../db";
import { env } from "../env";
import { requireUser, type Actor, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { AppError, ForbiddenError, parseInput } from "../errors";
import { HOSTED_POLICY, LOCAL_POLICY, type NetworkPolicy } from "../net/policy";
import { ZInstanceSettingsUpdate, type TInstanceSettings } from "./schemas";

const SINGLETON = 1;
const CACHE_MS = 3000;

function defaults() {
  const policy = env.NETWORK_POLICY === "hosted" ? HOSTED_POLICY : LOCAL_POLICY;
  return {
    id: SINGLETON,
    projectCreation: "anyone" as const,
    networkAllowLoopback: policy.allowLoopback,
    networkAllowPrivate: policy.allowPrivate,
    networkAllowLinkLocal: policy.allowLinkLocal,
    networkAllowedCidrs: policy.allowedCidrs,
  };
}

/** The singleton row; the first read creates it from NETWORK_POLICY (ON CONFLICT DO NOTHING, so racing readers agree). */
async function loadRow(client: Tx | typeof db = db): Promise<InstanceSettings> {
  const row = await client.instanceSettings.findUnique({ where: { id: SINGLETON } });
  if (row) return row;
  await client.instanceSettings.createMany({ data: [defaults()], skipDuplicates: true });
  return client.instanceSettings.findUniqueOrThrow({ where: { id: SINGLETON } });
}

const toView = (row: InstanceSettings): TInstanceSettings => ({
  projectCreation: row.projectCreation,
  network: {
    allowLoopback: row.networkAllowLoopback,
    allowPrivate: row.networkAllowPrivate,
    allowLinkLocal: row.networkAllowLinkLocal,
    allowedCidrs: row.networkAllowedCidrs,
  },
  updatedAt: row.updatedById ? row.updatedAt.toISOString() : null,
});

let cached: { at: number; value: TInstanceSettings } | undefined;
let loading: Promise<TInstanceSettings> | undefined;

/**
 * For workers: a few seconds stale at most, so a probe burst does not read the row per request; and one read at a time,
 * so thousands of checks starting as the cache lapses share a single query instead of queueing on the pool.
 */
export async function readInstanceSettings(opts: { fresh?: boolean } = {}): Promise<TInstanceSettings> {
  if (!opts.fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.value;
  if (!opts.fresh && loading) return loading;
  const load = (async () => {
    const value = toView(await loadRow());
    cached = { at: Date.now(), value };
    return value;
  })().finally(() => {
    if (loading === load) loading = undefined;
  });
  if (!opts.fresh) loading = load;
  return load;
}

export const clearInstanceSettingsCache = () => {
  cached = undefined;
  loading = undefined;
};

export async function networkPolicy(): Promise<NetworkPolicy> {
  return (await readInstanceSettings()).network;
}

function requireInstanceAdmin(ctx: Ctx) {
  const user = requireUser(ctx);
  if (!user.isInstanceAdmin) throw new ForbiddenError("Only instance admins can see or change the instance settings.");
  return user;
}

export async function getInstanceSettings({ ctx }: { ctx: Ctx }): Promise<TInstanceSettings> {
  requireInstanceAdmin(ctx);
  return toView(await loadRow());
}

export async function updateInstanceSettings({ ctx, input }: { ctx: Ctx; input: unknown }): Promise<TInstanceSettings> {
  const user = requireInstanceAdmin(ctx);
  const patch = parseInput(ZInstanceSettingsUpdate, input);
  const view = await db.$transaction(async (tx) => {
    await loadRow(tx);
    // Row lock: two admins saving at once apply one after the other, and each audit row shows the true "before".
    await tx.$queryRaw`SELECT id FROM "InstanceSettings" WHERE id = ${SINGLETON} FOR UPDATE`;
    const before = toView(await tx.instanceSettings.findUniqueOrThrow({ where: { id: SINGLETON } }));
    const n = patch.network ?? {};
    const row = await tx.instanceSettings.update({
      where: { id: SINGLETON },
      data: {
        projectCreation: patch.projectCreation,
        networkAllowLoopback: n.allowLoopback,
        networkAllowPrivate: n.allowPrivate,
        networkAllowLinkLocal: n.allowLinkLocal,
        networkAllowedCidrs: n.allowedCidrs,
        updatedById: user.userId,
      },
    });
    const after = toView(row);
    await writeAudit(tx, ctx, {
      projectId: null,
      action: "instance.settings.update",
      objectType: "instance_settings",
      objectId: String(SINGLETON),
      before: { projectCreation: before.projectCreation, network: before.network },
      after: { projectCreation: after.projectCreation, network: after.network },
    });
    return after;
  });
  cached = { at: Date.now(), value: view };
  return view;
}

/** Whether this caller may create projects; read fresh, so a change applies to the next request. */
export async function mayCreateProjects(actor: Actor): Promise<boolean> {
  if (actor.type !== "user") return false;
  if (actor.isInstanceAdmin) return true;
  return (await readInstanceSettings({ fresh: true })).projectCreation === "anyone";
}

export const PROJECT_CREATION_REFUSED =
  "On this instance only instance admins create projects. Ask an instance admin to create the project and invite you to it.";

export async function assertMayCreateProjects(actor: Actor) {
  if (!(await mayCreateProjects(actor))) throw new AppError("project_creation_restricted", PROJECT_CREATION_REFUSED, 403);
}
