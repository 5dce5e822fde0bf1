import type { Prisma, PrismaClient } from "@prisma/client";
import { systemCtx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { groupChanges, type Commit } from "../releases/changelog";

type DemoRelease = { version: string; title: string; daysAgo: number; commits: [hash: string, message: string, author: string][] };

// Acme Web's history up to what the demo targets run: production 1.3.2, staging 1.4.0.
export const DEMO_RELEASES: DemoRelease[] = [
  {
    version: "1.2.0",
    title: "Checkout",
    daysAgo: 24,
    commits: [
      ["4f1c2a9", "feat(checkout): pay with saved cards", "Ada Admin"],
      ["9b33e10", "feat(cart): keep the cart across devices", "Max Member"],
      ["c0de7f1", "fix: price rounding in the order summary", "Max Member"],
    ],
  },
  {
    version: "1.3.0",
    title: "Search",
    daysAgo: 15,
    commits: [
      ["1a2b3c4", "feat(search): instant results as you type", "Max Member"],
      ["5d6e7f8", "fix(search): accents match their plain letters", "Avery Approver"],
      ["0f9e8d7", "docs: search tuning guide", "Max Member"],
    ],
  },
  { version: "1.3.1", title: "", daysAgo: 11, commits: [["77aa01b", "fix(auth): sessions survive a deploy", "Ada Admin"]] },
  {
    version: "1.3.2",
    title: "",
    daysAgo: 8,
    commits: [
      ["88bb02c", "fix: images lazy-load below the fold", "Max Member"],
      ["99cc03d", "perf: cache product pages for 60 s", "Ada Admin"],
    ],
  },
  {
    version: "1.4.0",
    title: "Launch candidate",
    daysAgo: 2,
    commits: [
      ["aa11f0e", "feat(status): public status page", "Max Member"],
      ["bb22e1f", "feat(api)!: v1 orders endpoint replaces v0\n\nBREAKING CHANGE: /api/v0/orders is gone; clients call /api/v1/orders", "Ada Admin"],
      ["cc33d2a", "fix(a11y): focus returns to the cart button", "Avery Approver"],
      ["dd44c3b", "chore: Node 20.19 in CI", "Max Member"],
    ],
  },
];

/** Idempotent: a version that exists is left as it is. */
export async function seedDemoReleases(db: PrismaClient, projectId: string) {
  const ctx = systemCtx("seed");
  for (const r of DEMO_RELEASES) {
    if (await db.release.findUnique({ where: { projectId_version: { projectId, version: r.version } } })) continue;
    const commits: Commit[] = r.commits.map(([hash, message, author]) => ({ hash, message, author }));
    await db.$transaction(async (tx) => {
      const row = await tx.release.create({
        data: {
          projectId,
          version: r.version,
          title: r.title,
          gitRef: `v${r.version}`,
          commitSha: commits.at(-1)!.hash,
          commits: commits as Prisma.InputJsonValue,
          changes: groupChanges(commits) as unknown as Prisma.InputJsonValue,
          createdBy: "system:seed",
          createdAt: new Date(Date.now() - r.daysAgo * 86_400_000),
        },
      });
      await writeAudit(tx, ctx, { projectId, action: "release.create", objectType: "release", objectId: row.id, after: { version: r.version, title: r.title } });
    });
  }
}
