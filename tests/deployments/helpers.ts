import path from "node:path";
import type { Role } from "@prisma/client";
import { db } from "@/lib/db";
import { createRelease } from "@/lib/releases/releases";
import { createTarget } from "@/lib/targets/targets";
import { requestDeployment } from "@/lib/deployments/deployments";
import { projectWithRoles, uid, userCtx } from "@/tests/helpers/fixtures";
import { startDemoTarget } from "@/examples/demo-target/server.mjs";

export const DEPLOY_SCRIPT = path.resolve(__dirname, "../../examples/demo-target/deploy.mjs");

/**
 * A project with one user per role, a demo target app on loopback, a "command" target that deploys it (the command
 * sets the demo app's version through its control endpoint) and two releases.
 */
export async function deployWorld(opts: { environment?: "production" | "staging"; command?: string; commandPrefix?: string; policy?: Partial<{ approvalsRequired: number; verifySeconds: number; queuePolicy: "fifo" | "newest_wins"; autoRollback: boolean; approverRoles: Role[] }> } = {}) {
  const base = await projectWithRoles();
  const projectId = base.project.id;
  const ctx = (role: Role) => userCtx(base.users[role]);
  const app = await startDemoTarget({ port: 0, name: "it", version: "1.0.0", log: false });
  const command = opts.command ?? `${opts.commandPrefix ?? ""}node ${DEPLOY_SCRIPT} ${app.url} --step-ms 20`;
  const target = await createTarget({
    ctx: ctx("admin"),
    input: { projectId, data: { name: `web-${uid()}`, environment: opts.environment ?? "production", baseUrl: app.url, providerKind: "command", providerSettings: { host: "localhost", command } } },
  });
  await db.target.update({ where: { id: target.id }, data: { verifySeconds: 0, ...opts.policy } });
  const r1 = await createRelease({ ctx: ctx("member"), input: { projectId, data: { version: "1.0.0", commits: [{ hash: "a1a1a1a", message: "feat: first" }] } } });
  const r2 = await createRelease({ ctx: ctx("member"), input: { projectId, data: { version: "1.1.0", commits: [{ hash: "b2b2b2b", message: "feat: second" }] } } });
  const request = (role: Role, data: Record<string, unknown> = {}) =>
    requestDeployment({ ctx: ctx(role), input: { projectId, data: { targetId: target.id, release: "1.1.0", ...data } } });
  return { ...base, projectId, ctx, app, target, releases: [r1, r2], request };
}

export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
