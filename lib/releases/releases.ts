import type { Prisma, Release } from "@prisma/client";
import { db } from "../db";
import { actorLabel, authorize, requireActor, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { ConflictError, NotFoundError, parseInput } from "../errors";
import { compareSemver, groupChanges, renderChangelog, renderRelease, suggestNextVersion, type Commit, type GroupedChanges } from "./changelog";
import { ZReleaseCreate, ZReleasePreviewInput, ZReleaseUpdate, type TRelease } from "./schemas";
import { voidApprovalsAfterChange } from "../deployments/deployments";
import { Effects } from "../deployments/core";
import { linkReleaseMentions } from "../feedback/items";

const day = (d: Date) => d.toISOString().slice(0, 10);
// Rows written before a kind existed (or by hand) may lack some groups; a missing group is an empty one.
const changesOf = (r: Release): GroupedChanges => ({ breaking: [], feature: [], fix: [], other: [], ...(r.changes as Partial<GroupedChanges>) });

function toRelease(r: Release): TRelease {
  const changes = changesOf(r);
  return {
    id: r.id,
    projectId: r.projectId,
    version: r.version,
    title: r.title,
    notes: r.notes,
    gitRef: r.gitRef,
    commitSha: r.commitSha,
    commitCount: (r.commits as unknown[]).length,
    changes,
    changelog: renderRelease({ version: r.version, date: day(r.createdAt), title: r.title || null, notes: r.notes || null, changes }),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Newest first by SemVer precedence: a hotfix for an older line sorts below the newer line it patches. */
const byPrecedence = (a: Release, b: Release) => compareSemver(b.version, a.version);

async function releasesOf(projectId: string) {
  return (await db.release.findMany({ where: { projectId } })).sort(byPrecedence);
}

export async function listReleases({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TRelease[]> {
  await authorize(ctx, input.projectId, "release.read");
  return (await releasesOf(input.projectId)).map(toRelease);
}

/** By id or by version ("1.4.0"), so CI can address the release it just tagged. */
export async function getRelease({ ctx, input }: { ctx: Ctx; input: { projectId: string; release: string } }): Promise<TRelease> {
  await authorize(ctx, input.projectId, "release.read");
  const row = await db.release.findFirst({ where: { projectId: input.projectId, OR: [{ id: input.release }, { version: input.release }] } });
  if (!row) throw new NotFoundError("Release");
  return toRelease(row);
}

async function suggestion(projectId: string, commits: Commit[]) {
  const previous = (await releasesOf(projectId))[0]?.version ?? null;
  return { ...suggestNextVersion(previous, commits), previous };
}

/** What a release made of these commits would say, without creating it: the UI and the CLI show it before asking. */
export async function previewRelease({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }) {
  await authorize(ctx, input.projectId, "release.create");
  const { commits } = parseInput(ZReleasePreviewInput, input.data);
  const suggested = await suggestion(input.projectId, commits);
  const changes = groupChanges(commits);
  return { suggestion: suggested, changes, changelog: renderRelease({ version: suggested.version, date: day(new Date()), changes }) };
}

export async function createRelease({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TRelease> {
  await authorize(ctx, input.projectId, "release.create");
  const data = parseInput(ZReleaseCreate, input.data);
  const actor = requireActor(ctx);
  const changes = groupChanges(data.commits);
  const version = data.version ?? (await suggestion(input.projectId, data.commits)).version;
  const fx = new Effects();
  const created = await db.$transaction(async (tx) => {
    if (await tx.release.findUnique({ where: { projectId_version: { projectId: input.projectId, version } } })) {
      throw new ConflictError(`Version ${version} is already released in this project; choose another version`, "version_taken", [
        { path: "version", rule: "unique", message: `${version} is already released` },
      ]);
    }
    const row = await tx.release.create({
      data: {
        projectId: input.projectId,
        version,
        title: data.title,
        notes: data.notes,
        gitRef: data.gitRef ?? null,
        commitSha: data.commitSha?.toLowerCase() ?? null,
        commits: data.commits as Prisma.InputJsonValue,
        changes: changes as unknown as Prisma.InputJsonValue,
        createdById: actor.type === "user" ? actor.userId : actor.type === "token" ? actor.tokenId : null,
        createdBy: actorLabel(actor),
      },
    });
    const counts = { breaking: changes.breaking.length, features: changes.feature.length, fixes: changes.fix.length, other: changes.other.length };
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "release.create", objectType: "release", objectId: row.id, after: { version, title: row.title, gitRef: row.gitRef, commitSha: row.commitSha, ...counts } });
    // "Fixes FB-123" in the notes or a commit message marks that feedback fixed in this release.
    await linkReleaseMentions(tx, ctx, fx, row);
    return toRelease(row);
  });
  await fx.flush();
  return created;
}

/** The project's CHANGELOG.md, every release newest first. */
export async function exportChangelog({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<string> {
  await authorize(ctx, input.projectId, "release.read");
  const project = await db.project.findUnique({ where: { id: input.projectId }, select: { name: true } });
  if (!project) throw new NotFoundError("Project");
  const releases = await releasesOf(input.projectId);
  return renderChangelog(
    project.name,
    releases.map((r) => ({ version: r.version, date: day(r.createdAt), title: r.title || null, notes: r.notes || null, changes: changesOf(r) })),
  );
}

/** Corrects a release's title, notes, ref or commit. Deployments of it that wait for approval lose their approvals. */
export async function updateRelease({ ctx, input }: { ctx: Ctx; input: { projectId: string; release: string; patch: unknown } }): Promise<TRelease> {
  await authorize(ctx, input.projectId, "release.update");
  const patch = parseInput(ZReleaseUpdate, input.patch);
  const fx = new Effects();
  const { row, effects } = await db.$transaction(async (tx) => {
    const before = await tx.release.findFirst({ where: { projectId: input.projectId, OR: [{ id: input.release }, { version: input.release }] } });
    if (!before) throw new NotFoundError("Release");
    const row = await tx.release.update({
      where: { id: before.id },
      data: { ...patch, ...(patch.commitSha ? { commitSha: patch.commitSha.toLowerCase() } : {}) },
    });
    const changed = (["title", "notes", "gitRef", "commitSha"] as const).filter((k) => before[k] !== row[k]);
    await writeAudit(tx, ctx, {
      projectId: input.projectId, action: "release.update", objectType: "release", objectId: row.id,
      before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, row[k]])),
    });
    const effects = changed.length
      ? await voidApprovalsAfterChange(tx, { releaseId: row.id }, `release ${row.version} changed after it was given (${changed.join(", ")})`)
      : null;
    if (changed.includes("notes") || changed.includes("title")) await linkReleaseMentions(tx, ctx, fx, row);
    return { row, effects };
  });
  await effects?.flush();
  await fx.flush();
  return toRelease(row);
}
