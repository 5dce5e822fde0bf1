import { afterEach, describe, expect, it } from "vitest";
import { renderAdapter } from "@/lib/deployments/adapters/render";
import { ProviderError, type AdapterContext } from "@/lib/deployments/adapters/types";
import { HOSTED_POLICY, LOCAL_POLICY } from "@/lib/net/policy";
import { fakeRender } from "./fake-render";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

const SHA = "89abcdef0123456789abcdef0123456789abcdef";

async function setup(overrides: Partial<AdapterContext> = {}) {
  const fake = await fakeRender();
  cleanup.push(fake.close);
  const lines: string[] = [];
  const ctx: AdapterContext = {
    release: { version: "2.0.1", commitSha: SHA, gitRef: "main" },
    target: { name: "production", environment: "production", baseUrl: "https://app.onrender.com" },
    settings: { serviceId: fake.serviceId },
    secrets: { apiKey: fake.apiKey, deployHookUrl: "https://api.render.com/deploy/srv-1?key=hookSecret123" },
    policy: LOCAL_POLICY,
    signal: new AbortController().signal,
    log: (line) => lines.push(line),
    apiBase: fake.apiBase,
    ...overrides,
  };
  return { fake, ctx, lines };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

async function pollUntilDone(ctx: AdapterContext, id: string) {
  const states: string[] = [];
  for (let i = 0; i < 10; i++) {
    const result = await renderAdapter.poll(ctx, id);
    states.push(result.state);
    if (["ready", "error", "canceled"].includes(result.state)) return { ...result, states };
  }
  throw new Error(`deploy ${id} never finished: ${states.join(", ")}`);
}

describe("renderAdapter", () => {
  it("deploys the release's commit and polls it to live", async () => {
    const { fake, ctx, lines } = await setup();
    fake.seed({ id: "dep-old", status: "live" });
    const started = await renderAdapter.trigger(ctx);
    expect(started).toEqual({ providerDeployId: expect.any(String), url: null, state: "queued" });
    expect(fake.state.triggerBodies).toEqual([{ clearCache: "do_not_clear", commitId: SHA }]);
    const done = await pollUntilDone(ctx, started.providerDeployId);
    expect(done.states).toEqual(["queued", "building", "building", "ready"]);
    expect(done.detail).toBeNull();
    expect(fake.deploys.find((d) => d.id === "dep-old")?.status).toBe("deactivated");
    expect(lines[0]).toBe(`Render deploy ${started.providerDeployId} started for commit ${SHA.slice(0, 12)}.`);
  });

  it("deploys the branch head when the release has no commit, and finds a deploy answered with 202", async () => {
    const { fake, ctx } = await setup({ release: { version: "2.0.2", commitSha: null, gitRef: null } });
    fake.state.queueNextTrigger = true;
    const started = await renderAdapter.trigger(ctx);
    expect(fake.state.triggerBodies).toEqual([{ clearCache: "do_not_clear" }]);
    expect(started.providerDeployId).toBe(fake.deploys[0].id);
  });

  it("reports a failed build with the status", async () => {
    const { fake, ctx } = await setup();
    fake.state.failNextDeploy = "build_failed";
    const started = await renderAdapter.trigger(ctx);
    const done = await pollUntilDone(ctx, started.providerDeployId);
    expect(done.state).toBe("error");
    expect(done.detail).toBe(`Render reports deploy ${started.providerDeployId} failed: the build failed (build_failed).`);
  });

  it("cancels an in-progress deploy", async () => {
    const { fake, ctx } = await setup();
    const started = await renderAdapter.trigger(ctx);
    await renderAdapter.poll(ctx, started.providerDeployId);
    await renderAdapter.cancel!(ctx, started.providerDeployId);
    expect(fake.state.canceled).toEqual([started.providerDeployId]);
    expect(await renderAdapter.poll(ctx, started.providerDeployId)).toMatchObject({ state: "canceled" });
  });

  it("finds the previous deploy that went live, following cursors across pages", async () => {
    const { fake, ctx } = await setup();
    fake.seed(
      { id: "dep-6", status: "build_failed" },
      { id: "dep-5", status: "live" },
      { id: "dep-4", status: "canceled" },
      { id: "dep-3", status: "update_failed" },
      { id: "dep-2", status: "deactivated" },
      { id: "dep-1", status: "deactivated" },
    );
    expect(await renderAdapter.previousGood!(ctx, "dep-5")).toBe("dep-2");
    expect(fake.state.listCursors).toHaveLength(3);
    expect(fake.state.listCursors[0]).toBeNull();
    expect(await renderAdapter.previousGood!(ctx, "dep-6")).toBe("dep-5");
    expect(await renderAdapter.previousGood!(ctx, null)).toBe("dep-5");
    expect(await renderAdapter.previousGood!(ctx, "dep-1")).toBeNull();
  });

  it("rolls back to an earlier deploy and polls the rollback deploy to live", async () => {
    const { fake, ctx, lines } = await setup();
    fake.seed({ id: "dep-2", status: "live", commit: { id: "bad", message: "bad" } }, { id: "dep-1", commit: { id: "good", message: "good" } });
    const result = await renderAdapter.rollback!(ctx, "dep-1");
    expect(fake.state.rollbacks).toEqual(["dep-1"]);
    expect(result.providerDeployId).not.toBe("dep-1");
    expect(result.state).toBe("queued");
    expect((await pollUntilDone(ctx, result.providerDeployId)).state).toBe("ready");
    expect(fake.deploys[0]).toMatchObject({ trigger: "rollback", commit: { id: "good" }, status: "live" });
    expect(lines.some((l) => l.includes("do not turn off auto-deploy"))).toBe(true);
  });

  it("maps 401, 404, 429 and 5xx to provider errors that name Render", async () => {
    const { fake, ctx } = await setup();
    const denied = await rejection(renderAdapter.trigger({ ...ctx, secrets: { apiKey: "rnd_wrong" } }));
    expect([denied.code, denied.status]).toEqual(["unauthorized", 401]);
    expect(denied.message).toMatch(/^Render refused the API key/);

    const missing = await rejection(renderAdapter.poll({ ...ctx, settings: { serviceId: "srv-nope" } }, "dep-1"));
    expect([missing.code, missing.status]).toEqual(["not_found", 404]);
    expect(missing.message).toContain("service ID");

    fake.rateLimitOnce({ "retry-after": "12" });
    const limited = await rejection(renderAdapter.trigger(ctx));
    expect([limited.code, limited.status, limited.retryAfterMs]).toEqual(["rate_limited", 429, 12_000]);
    expect(limited.message).toBe("Render is rate limiting this API key (HTTP 429) and asked to try again in 12 s.");

    fake.rateLimitOnce({ "ratelimit-reset": String(Math.floor(Date.now() / 1000) + 20) });
    const byReset = await rejection(renderAdapter.poll(ctx, "dep-1"));
    expect(byReset.retryAfterMs).toBeGreaterThan(15_000);
    expect(byReset.retryAfterMs).toBeLessThanOrEqual(21_000);

    fake.failOnce(503, "service unavailable", { "retry-after": "3" });
    const down = await rejection(renderAdapter.poll(ctx, "dep-1"));
    expect([down.code, down.status, down.retryAfterMs]).toEqual(["provider_error", 503, 3000]);
    expect(down.message).toContain("Render failed with HTTP 503");
    expect(fake.state.triggers).toBe(0);
  });

  it("never puts the API key or hook URL in log lines or error messages", async () => {
    const { fake, ctx, lines } = await setup();
    const secrets = [fake.apiKey, ctx.secrets.deployHookUrl];
    const messages: string[] = [];
    const started = await renderAdapter.trigger(ctx);
    await pollUntilDone(ctx, started.providerDeployId);
    fake.seed({ id: "dep-older" });
    await renderAdapter.rollback!(ctx, "dep-older");
    fake.failOnce(500, `key ${fake.apiKey} rejected`);
    messages.push((await rejection(renderAdapter.poll(ctx, started.providerDeployId))).message);
    messages.push((await rejection(renderAdapter.trigger({ ...ctx, policy: HOSTED_POLICY }))).message);
    expect(messages[0]).toContain("[redacted]");
    for (const text of [...lines, ...messages]) for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it("is refused by a hosted network policy before anything reaches the loopback fake", async () => {
    const { fake, ctx } = await setup({ policy: HOSTED_POLICY });
    const error = await rejection(renderAdapter.trigger(ctx));
    expect(error.code).toBe("unreachable");
    expect(error.message).toContain("does not let workers reach loopback addresses (127.0.0.1)");
    expect(fake.seen).toEqual([]);
  });
});
