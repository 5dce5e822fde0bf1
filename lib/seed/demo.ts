import type { PrismaClient, Role } from "@prisma/client";
import { DEMO_ACCOUNTS, DEMO_TARGETS } from "../../scripts/lib/demo-accounts.mjs";
import { hashPassword } from "../auth/password";
import { systemCtx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { seedDemoReleases } from "./demo-releases";
import { createCheck, createDefaultCheck } from "../monitoring/checks";
import { env } from "../env";
import { seedDemoDeployments } from "./demo-deployments";
import { seedDemoLaunch } from "./demo-launch";
import { seedDemoQa } from "./demo-qa";
import { seedDemoFeedback } from "./demo-feedback";
import { seedDemoRunbooks } from "./demo-runbooks";

/** The demo project also watches this T-Minus: its own health endpoint, at the public URL (NEXTAUTH_URL). */
export const SELF_CHECK_NAME = "T-Minus health";
export const selfHealthUrl = () => `${env.NEXTAUTH_URL.replace(/\/+$/, "")}/api/health`;

export const DEMO_PROJECT = { name: "Acme Web", slug: "acme-web", description: "The Acme marketing site and app, launching this month." };

/**
 * The demo data, idempotent: running it again changes nothing a user has edited.
 * Later features add their demo rows here; the e2e suite seeds through the same function.
 */
export async function seedDemo(db: PrismaClient, opts: { targetBaseUrls?: Partial<Record<string, string>> } = {}) {
  const ctx = systemCtx("seed");
  const users = new Map<string, string>();
  for (const account of DEMO_ACCOUNTS) {
    const existing = await db.user.findUnique({ where: { email: account.email } });
    const user =
      existing ??
      (await db.user.create({
        data: { email: account.email, name: account.name, passwordHash: await hashPassword(account.password), isInstanceAdmin: account.role === "admin" },
      }));
    users.set(account.role, user.id);
  }

  let project = await db.project.findUnique({ where: { slug: DEMO_PROJECT.slug } });
  if (!project) {
    project = await db.$transaction(async (tx) => {
      const created = await tx.project.create({ data: DEMO_PROJECT });
      await writeAudit(tx, ctx, { projectId: created.id, action: "project.create", objectType: "project", objectId: created.id, after: DEMO_PROJECT });
      for (const account of DEMO_ACCOUNTS) {
        await tx.membership.create({ data: { projectId: created.id, userId: users.get(account.role)!, role: account.role as Role } });
      }
      for (const t of DEMO_TARGETS) {
        const target = await tx.target.create({
          data: { projectId: created.id, name: t.name, environment: t.name, baseUrl: opts.targetBaseUrls?.[t.name] ?? t.url, healthPath: "/health", publicStatus: t.name === "production" },
        });
        await writeAudit(tx, ctx, { projectId: created.id, action: "target.create", objectType: "target", objectId: target.id, after: { name: target.name, baseUrl: target.baseUrl } });
      }
      return created;
    });
  }
  // Both demo targets are monitored, as every new target is (production is also on the public status page).
  for (const target of await db.target.findMany({ where: { projectId: project.id }, include: { _count: { select: { checks: true } } } })) {
    if (!target._count.checks) await db.$transaction((tx) => createDefaultCheck(tx, target));
  }
  // Not tied to a target (T-Minus is not one of Acme's deploy targets). Its URL is usually loopback, which the "local"
  // outbound policy the demo runs under allows, as it allows the demo targets on 127.0.0.1; a "hosted" instance refuses
  // it and the check says so. Created through the service, so the settings are validated and the creation audited.
  if (!(await db.check.findFirst({ where: { projectId: project.id, name: SELF_CHECK_NAME }, select: { id: true } }))) {
    await createCheck({
      ctx,
      input: {
        projectId: project.id,
        data: {
          name: SELF_CHECK_NAME,
          kind: "http",
          settings: { url: selfHealthUrl(), method: "GET", expectedStatus: "200", jsonPath: { path: "$.status", equals: "ok" } },
          intervalSeconds: 60,
          timeoutSeconds: 10,
        },
      },
    });
  }
  await seedDemoReleases(db, project.id);
  await seedDemoDeployments(db, project.id, Object.fromEntries(users));
  // QA before the launch: the launch's automated QA items are measured from these runs when it is made.
  await seedDemoQa(db, project.id);
  await seedDemoFeedback(db, project.id, Object.fromEntries(users));
  // Runbooks before the launch: its Maintenance SOP item is measured from the reviewed page when the launch is made.
  await seedDemoRunbooks(db, project.id, Object.fromEntries(users));
  await seedDemoLaunch(db, project.id, Object.fromEntries(users));
  return { projectId: project.id, users: Object.fromEntries(users) as Record<string, string> };
}
