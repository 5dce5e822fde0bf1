import { afterEach, describe, expect, it } from "vitest";
import { vercelAdapter } from "@/lib/deployments/adapters/vercel";
import { ProviderError, type AdapterContext } from "@/lib/deployments/adapters/types";
import { HOSTED_POLICY, LOCAL_POLICY, type NetworkPolicy } from "@/lib/net/policy";
import { fakeVercel } from "./fake-vercel";

const TOKEN = "vcp_T0kenThatMustNeverLeak_91ab";
const PROJECT = "prj_web123";
const TEAM = "team_acme";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(opts: { policy?: NetworkPolicy; token?: string; teamId?: string | null } = {}) {
  const fake = await fakeVercel({ token: TOKEN, projectId: PROJECT, teamId: TEAM });
  cleanup.push(fake.close);
  const lines: string[] = [];
  const ctx: AdapterContext = {
    release: { version: "1.4.0", commitSha: "abc1234def", gitRef: "v1.4.0" },
    target: { name: "production", environment: "production", baseUrl: "https://web.example.com" },
    settings: opts.teamId === null ? { projectId: PROJECT } : { projectId: PROJECT, teamId: opts.teamId ?? TEAM },
    secrets: { token: opts.token ?? TOKEN },
    policy: opts.policy ?? LOCAL_POLICY,
    signal: new AbortController().signal,
    log: (line) => lines.push(line),
    apiBase: fake.url,
  };
  return { fake, ctx, lines };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  expect((error as Error).message).not.toContain(TOKEN);
  return error as ProviderError;
}

describe("vercelAdapter against a fake Vercel API", () => {
  it("redeploys the current production deployment to production, then polls QUEUED → BUILDING → READY", async () => {
    const { fake, ctx, lines } = await setup();
    fake.add({ uid: "dpl_old", readyState: "READY" });
    const current = fake.add({ uid: "dpl_current", readyState: "READY" });
    fake.add({ uid: "dpl_preview", target: null });

    const started = await vercelAdapter.trigger(ctx);
    expect(started.state).toBe("queued");
    expect(started.providerDeployId).toMatch(/^dpl_/);
    expect(fake.state.createCalls).toBe(1);
    expect(fake.state.lastCreateBody).toEqual({
      name: "web",
      project: PROJECT,
      deploymentId: current.uid,
      target: "production",
      meta: { tminusVersion: "1.4.0", commitSha: "abc1234def" },
    });

    expect((await vercelAdapter.poll(ctx, started.providerDeployId)).state).toBe("building");
    const done = await vercelAdapter.poll(ctx, started.providerDeployId);
    expect(done).toEqual({ state: "ready", url: `https://${fake.deployments.get(started.providerDeployId)!.url}`, detail: null });
    expect(lines.join("\n")).toContain(`redeploying dpl_current to production as ${started.providerDeployId}`);
  });

  it("reports a failed build as error with Vercel's message as detail", async () => {
    const { fake, ctx } = await setup();
    fake.add({ uid: "dpl_current" });
    fake.failNextBuild('Command "npm run build" exited with 1');
    const { providerDeployId } = await vercelAdapter.trigger(ctx);
    await vercelAdapter.poll(ctx, providerDeployId);
    const failed = await vercelAdapter.poll(ctx, providerDeployId);
    expect(failed.state).toBe("error");
    expect(failed.detail).toBe('Vercel reports the deployment failed: Command "npm run build" exited with 1 (BUILD_FAILED).');
  });

  it("says why it cannot trigger when the project has no ready production deployment", async () => {
    const { fake, ctx } = await setup();
    fake.add({ uid: "dpl_broken", readyState: "ERROR" });
    const error = await rejection(vercelAdapter.trigger(ctx));
    expect(error.code).toBe("bad_request");
    expect(error.message).toContain(`Vercel project ${PROJECT} has no ready production deployment to redeploy`);
    expect(fake.state.createCalls).toBe(0);
  });

  it("reads build events after the cursor, one line per event, with no duplicates", async () => {
    const { fake, ctx } = await setup();
    fake.add({ uid: "dpl_current" });
    const { providerDeployId: id } = await vercelAdapter.trigger(ctx);
    await vercelAdapter.poll(ctx, id); // BUILDING: two events sharing one timestamp
    const first = await vercelAdapter.logs!(ctx, id, null);
    expect(first.lines).toEqual(["Cloning github.com/acme/web (Branch: main)", 'Running "npm run build"']);
    const nothingNew = await vercelAdapter.logs!(ctx, id, first.cursor);
    expect(nothingNew).toEqual({ lines: [], cursor: first.cursor });
    await vercelAdapter.poll(ctx, id); // READY: two more
    const second = await vercelAdapter.logs!(ctx, id, first.cursor);
    expect(second.lines).toEqual(["Build completed", "Deployment completed"]);
    const all = fake.deployments.get(id)!.events.map((e) => e.text);
    expect([...first.lines, ...second.lines]).toEqual(all);
  });

  it("cancels a deployment that is still building", async () => {
    const { fake, ctx, lines } = await setup();
    fake.add({ uid: "dpl_current" });
    const { providerDeployId: id } = await vercelAdapter.trigger(ctx);
    await vercelAdapter.cancel!(ctx, id);
    expect(fake.deployments.get(id)!.readyState).toBe("CANCELED");
    expect(await vercelAdapter.poll(ctx, id)).toMatchObject({ state: "canceled", detail: "The deployment was canceled on Vercel." });
    expect(lines).toContain(`Vercel: asked to cancel ${id}.`);
  });

  it("finds the previous good production deployment across pages", async () => {
    const { fake, ctx } = await setup();
    fake.add({ uid: "dpl_3" });
    fake.add({ uid: "dpl_failed", readyState: "ERROR" });
    fake.add({ uid: "dpl_4" });
    fake.add({ uid: "dpl_preview", target: null });
    fake.add({ uid: "dpl_5" });
    fake.add({ uid: "dpl_6" });
    // Pages of 2, newest first: [6, 5] [4, 3].
    expect(await vercelAdapter.previousGood!(ctx, "dpl_4")).toBe("dpl_3");
    expect(await vercelAdapter.previousGood!(ctx, "dpl_5")).toBe("dpl_4");
    expect(await vercelAdapter.previousGood!(ctx, "dpl_6")).toBe("dpl_5");
    expect(await vercelAdapter.previousGood!(ctx, null)).toBe("dpl_6");
    expect(await vercelAdapter.previousGood!(ctx, "dpl_3")).toBeNull();
    expect(await vercelAdapter.previousGood!(ctx, "dpl_failed")).toBe("dpl_6");
  });

  it("rolls back by re-pointing production, then reports the target deployment", async () => {
    const { fake, ctx } = await setup();
    const good = fake.add({ uid: "dpl_good" });
    fake.add({ uid: "dpl_bad" });
    const result = await vercelAdapter.rollback!(ctx, "dpl_good");
    expect(result).toEqual({ providerDeployId: "dpl_good", url: `https://${good.url}`, state: "ready" });
    expect(fake.state.rollbacks).toEqual([{ deploymentId: "dpl_good", description: "Rollback by T-Minus (production)" }]);
    expect(fake.state.createCalls).toBe(0);
  });
});

describe("vercelAdapter errors", () => {
  it("maps a refused token to unauthorized without echoing the token", async () => {
    const { fake, ctx, lines } = await setup({ token: "vcp_WrongToken_555" });
    fake.add({ uid: "dpl_current" });
    const error = await rejection(vercelAdapter.trigger(ctx));
    expect([error.code, error.status]).toEqual(["unauthorized", 401]);
    expect(error.message).toMatch(/^Vercel refused the token: Not authorized\./);
    expect(error.message).not.toContain("vcp_WrongToken_555");
    expect(lines.join("\n")).not.toContain("vcp_WrongToken_555");
  });

  it("sends teamId: a target without the team ID is refused by the team-scoped fake", async () => {
    const { fake, ctx } = await setup({ teamId: null });
    fake.add({ uid: "dpl_current" });
    const error = await rejection(vercelAdapter.poll(ctx, "dpl_current"));
    expect([error.code, error.status]).toEqual(["unauthorized", 403]);
  });

  it("maps 404 to not_found", async () => {
    const { ctx } = await setup();
    const error = await rejection(vercelAdapter.poll(ctx, "dpl_missing"));
    expect([error.code, error.status]).toEqual(["not_found", 404]);
    expect(error.message).toBe("Vercel found no deployment dpl_missing: The deployment could not be found.");
  });

  it("maps 429 to rate_limited with retryAfterMs from Retry-After, or from X-RateLimit-Reset", async () => {
    const { fake, ctx } = await setup();
    fake.add({ uid: "dpl_current" });
    fake.rateLimitNext({ retryAfter: 7 });
    const error = await rejection(vercelAdapter.trigger(ctx));
    expect([error.code, error.status, error.retryAfterMs]).toEqual(["rate_limited", 429, 7000]);
    expect(error.message).toBe("Vercel is rate limiting this token: Rate limit exceeded. Retry in 7 s.");
    expect(fake.state.createCalls).toBe(0);

    fake.rateLimitNext({ reset: Math.floor(Date.now() / 1000) + 60 });
    const byReset = await rejection(vercelAdapter.poll(ctx, "dpl_current"));
    expect(byReset.code).toBe("rate_limited");
    expect(byReset.retryAfterMs).toBeGreaterThan(55_000);
    expect(byReset.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it("never writes the token into log lines, events or errors", async () => {
    const { fake, ctx, lines } = await setup();
    fake.add({ uid: "dpl_current" });
    const { providerDeployId: id } = await vercelAdapter.trigger(ctx);
    fake.deployments.get(id)!.events.push({ id: "evt_leak", created: 1, text: `echo ${TOKEN}` });
    const { lines: eventLines } = await vercelAdapter.logs!(ctx, id, null);
    expect(eventLines).toEqual(["echo [redacted token]"]);
    await vercelAdapter.cancel!(ctx, id);
    await rejection(vercelAdapter.poll(ctx, "dpl_missing"));
    expect([...lines, ...eventLines].join("\n")).not.toContain(TOKEN);
  });

  it("goes through the network policy: the hosted policy refuses the loopback fake before connecting", async () => {
    const { fake, ctx } = await setup({ policy: HOSTED_POLICY });
    fake.add({ uid: "dpl_current" });
    const error = await rejection(vercelAdapter.trigger(ctx));
    expect(error.code).toBe("unreachable");
    expect(error.message).toContain("does not let workers reach loopback addresses (127.0.0.1)");
    expect(fake.seen).toEqual([]);

    const allowed = { ...HOSTED_POLICY, allowedCidrs: ["127.0.0.1/32"] };
    expect((await vercelAdapter.trigger({ ...ctx, policy: allowed })).state).toBe("queued");
  });
});
