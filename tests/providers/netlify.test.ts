import { afterEach, describe, expect, it } from "vitest";
import { netlifyAdapter, unlockPublishing } from "@/lib/deployments/adapters/netlify";
import { ProviderError, type AdapterContext } from "@/lib/deployments/adapters/types";
import { HOSTED_POLICY, LOCAL_POLICY } from "@/lib/net/policy";
import { fakeNetlify } from "./fake-netlify";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(overrides: Partial<AdapterContext> = {}) {
  const fake = await fakeNetlify();
  cleanup.push(fake.close);
  const lines: string[] = [];
  const ctx: AdapterContext = {
    release: { version: "1.4.0", commitSha: "0123456789abcdef0123456789abcdef01234567", gitRef: "main" },
    target: { name: "production", environment: "production", baseUrl: "https://site.netlify.app" },
    settings: { siteId: fake.siteId },
    secrets: { token: fake.token },
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
    const result = await netlifyAdapter.poll(ctx, id);
    states.push(result.state);
    if (["ready", "error", "canceled"].includes(result.state)) return { ...result, states };
  }
  throw new Error(`deploy ${id} never finished: ${states.join(", ")}`);
}

describe("netlifyAdapter", () => {
  it("starts a build and polls its deploy to ready", async () => {
    const { fake, ctx, lines } = await setup();
    const started = await netlifyAdapter.trigger(ctx);
    expect(started).toEqual({ providerDeployId: expect.any(String), url: null, state: "queued" });
    expect(fake.state.triggers).toBe(1);
    const done = await pollUntilDone(ctx, started.providerDeployId);
    expect(done.states).toEqual(["queued", "building", "building", "ready"]);
    expect(done).toMatchObject({ state: "ready", url: `https://${started.providerDeployId}--site.netlify.app`, detail: null });
    expect(lines[0]).toContain(`deploy ${started.providerDeployId}`);
  });

  it("reports a failed build with Netlify's reason", async () => {
    const { fake, ctx } = await setup();
    fake.state.failNextBuild = "Build script returned non-zero exit code: 2";
    const started = await netlifyAdapter.trigger(ctx);
    const done = await pollUntilDone(ctx, started.providerDeployId);
    expect(done.state).toBe("error");
    expect(done.detail).toBe(`Netlify reports deploy ${started.providerDeployId} failed: Build script returned non-zero exit code: 2.`);
  });

  it("cancels a running deploy, which then polls as canceled", async () => {
    const { fake, ctx } = await setup();
    const started = await netlifyAdapter.trigger(ctx);
    await netlifyAdapter.poll(ctx, started.providerDeployId);
    await netlifyAdapter.cancel!(ctx, started.providerDeployId);
    expect(fake.state.canceled).toEqual([started.providerDeployId]);
    expect(await netlifyAdapter.poll(ctx, started.providerDeployId)).toMatchObject({ state: "canceled" });
  });

  it("finds the previous ready production deploy across pages, skipping the current one", async () => {
    const { fake, ctx } = await setup();
    fake.seed(
      { id: "d6", context: "deploy-preview" },
      { id: "d5" },
      { id: "d4" },
      { id: "d3", state: "error" },
      { id: "d2", context: "branch-deploy" },
      { id: "d1" },
      { id: "d0" },
    );
    // Filtered to ready production deploys: d5, d4 | d1, d0 — two per page, so the answer for d4 is on page 2.
    expect(await netlifyAdapter.previousGood!(ctx, "d4")).toBe("d1");
    expect(fake.state.listPages).toEqual([1, 2]);
    expect(await netlifyAdapter.previousGood!(ctx, "d1")).toBe("d0");
    expect(await netlifyAdapter.previousGood!(ctx, null)).toBe("d5");
    expect(await netlifyAdapter.previousGood!(ctx, "d0")).toBeNull();
  });

  it("rolls back by restoring the deploy and locking auto publishing, and can unlock it", async () => {
    const { fake, ctx, lines } = await setup();
    fake.seed({ id: "d2" }, { id: "d1" });
    const result = await netlifyAdapter.rollback!(ctx, "d1");
    expect(result).toEqual({ providerDeployId: "d1", url: "https://d1--site.netlify.app", state: "ready" });
    expect(fake.state.restored).toEqual(["d1"]);
    expect(fake.state.locked).toEqual(["d1"]);
    expect(fake.state.published).toBe("d1");
    expect(lines.some((l) => l.includes("locked") && l.includes("until someone unlocks"))).toBe(true);
    await unlockPublishing(ctx, "d1");
    expect(fake.state.unlocked).toEqual(["d1"]);
    expect(fake.deploys.find((d) => d.id === "d1")?.locked).toBe(false);
  });

  it("maps 401, 404, 429 and 5xx to provider errors that name Netlify", async () => {
    const { fake, ctx } = await setup();
    const denied = await rejection(netlifyAdapter.trigger({ ...ctx, secrets: { token: "wrong-token-value" } }));
    expect([denied.code, denied.status]).toEqual(["unauthorized", 401]);
    expect(denied.message).toMatch(/^Netlify refused the API token .*Access Denied/);

    const missing = await rejection(netlifyAdapter.trigger({ ...ctx, settings: { siteId: "nope" } }));
    expect([missing.code, missing.status]).toEqual(["not_found", 404]);
    expect(missing.message).toContain("site ID");
    expect((await rejection(netlifyAdapter.poll(ctx, "no-such-deploy"))).code).toBe("not_found");

    fake.rateLimitOnce({ "retry-after": "7" });
    const limited = await rejection(netlifyAdapter.trigger(ctx));
    expect([limited.code, limited.status, limited.retryAfterMs]).toEqual(["rate_limited", 429, 7000]);
    expect(limited.message).toBe("Netlify is rate limiting this token (HTTP 429) and asked to try again in 7 s.");

    fake.rateLimitOnce({ "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 30) });
    const byReset = await rejection(netlifyAdapter.trigger(ctx));
    expect(byReset.retryAfterMs).toBeGreaterThan(25_000);
    expect(byReset.retryAfterMs).toBeLessThanOrEqual(31_000);

    fake.failOnce(502, "Bad Gateway");
    const broken = await rejection(netlifyAdapter.poll(ctx, "x"));
    expect([broken.code, broken.status]).toEqual(["provider_error", 502]);
    expect(broken.message).toContain("Netlify failed with HTTP 502");
    expect(fake.state.triggers).toBe(0);
  });

  it("never puts the token in log lines or error messages", async () => {
    const { fake, ctx, lines } = await setup();
    const messages: string[] = [];
    const started = await netlifyAdapter.trigger(ctx);
    await pollUntilDone(ctx, started.providerDeployId);
    await netlifyAdapter.rollback!(ctx, started.providerDeployId);
    fake.failOnce(500, `token ${fake.token} is broken`);
    messages.push((await rejection(netlifyAdapter.poll(ctx, started.providerDeployId))).message);
    messages.push((await rejection(netlifyAdapter.trigger({ ...ctx, secrets: { token: `${fake.token}x` } }))).message);
    messages.push((await rejection(netlifyAdapter.trigger({ ...ctx, policy: HOSTED_POLICY }))).message);
    expect(messages[0]).toContain("[redacted]");
    for (const text of [...lines, ...messages]) expect(text).not.toContain(fake.token);
  });

  it("is refused by a hosted network policy before anything reaches the loopback fake", async () => {
    const { fake, ctx } = await setup({ policy: HOSTED_POLICY });
    const error = await rejection(netlifyAdapter.trigger(ctx));
    expect(error.code).toBe("unreachable");
    expect(error.message).toContain("Could not reach Netlify");
    expect(error.message).toContain("does not let workers reach loopback addresses (127.0.0.1)");
    expect(fake.seen).toEqual([]);
    expect(fake.state.triggers).toBe(0);
  });

  it("explains a target without a token instead of calling Netlify", async () => {
    const { fake, ctx } = await setup({ secrets: {} });
    const error = await rejection(netlifyAdapter.trigger(ctx));
    expect(error.code).toBe("unauthorized");
    expect(fake.seen).toEqual([]);
  });

  it("stops before calling Netlify once the deploy is aborted", async () => {
    const abort = new AbortController();
    abort.abort();
    const { fake, ctx } = await setup({ signal: abort.signal });
    const error = await rejection(netlifyAdapter.poll(ctx, "d1"));
    expect([error.code, error.message]).toEqual(["unreachable", "Stopped before asking Netlify to read deploy d1: the deploy was aborted."]);
    expect(fake.seen).toEqual([]);
  });
});
