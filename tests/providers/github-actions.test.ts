import { afterEach, describe, expect, it } from "vitest";
import { githubActionsAdapter as adapter } from "@/lib/deployments/adapters/github-actions";
import { ProviderError, type AdapterContext } from "@/lib/deployments/adapters/types";
import { HOSTED_POLICY, LOCAL_POLICY } from "@/lib/net/policy";
import { fakeGitHubActions, type FakeGitHubActions, type FakeGitHubActionsOptions } from "./fake-github-actions";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function setup(opts: FakeGitHubActionsOptions = {}) {
  const gh = await fakeGitHubActions(opts);
  cleanup.push(gh.close);
  return gh;
}

function context(gh: FakeGitHubActions, over: Partial<AdapterContext> = {}) {
  const lines: string[] = [];
  const ctx: AdapterContext = {
    release: { version: "2.4.0", commitSha: "abc123", gitRef: "main" },
    target: { name: "shop-prod", environment: "production", baseUrl: "https://shop.example" },
    settings: { owner: gh.owner, repo: gh.repo, workflow: "deploy.yml", ref: "main" },
    secrets: { token: gh.token },
    policy: LOCAL_POLICY,
    signal: new AbortController().signal,
    log: (line) => lines.push(line),
    apiBase: gh.apiBase,
    ...over,
  };
  return { ctx, lines };
}

async function providerError(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe("GitHub Actions adapter", () => {
  it("dispatches the workflow with the release inputs and the documented headers, and returns the run id and html_url", async () => {
    const gh = await setup();
    const { ctx, lines } = context(gh);
    const started = await adapter.trigger(ctx);

    expect(gh.state.dispatchCount).toBe(1);
    const dispatch = gh.state.requests.find((r) => r.method === "POST")!;
    expect(dispatch.path).toBe("/repos/acme/shop/actions/workflows/deploy.yml/dispatches");
    expect(dispatch.body).toEqual({ ref: "main", inputs: { version: "2.4.0", environment: "production" }, return_run_details: true });
    expect(dispatch.headers.accept).toBe("application/vnd.github+json");
    expect(dispatch.headers["x-github-api-version"]).toBe("2022-11-28");
    expect(dispatch.headers.authorization).toBe(`Bearer ${gh.token}`);

    const [run] = gh.state.runs.values();
    expect(started).toEqual({ providerDeployId: String(run.id), url: `https://github.com/acme/shop/actions/runs/${run.id}`, state: "queued" });
    expect(lines.join("\n")).toContain(`Workflow run ${run.id}`);
  });

  it("finds the run by listing when the dispatch answers 204 (no run details), and under a GHES /api/v3 base", async () => {
    const gh = await setup({ prefix: "/api/v3" });
    gh.state.returnRunDetails = false;
    const { ctx } = context(gh);
    const started = await adapter.trigger(ctx);
    const [run] = gh.state.runs.values();
    expect(started.providerDeployId).toBe(String(run.id));
    expect(started.url).toBe(run.html_url);
    const list = gh.state.requests.find((r) => r.method === "GET")!;
    const query = new URL(list.path, "http://x").searchParams;
    expect(list.path.startsWith("/api/v3/repos/acme/shop/actions/workflows/deploy.yml/runs?")).toBe(true);
    expect([query.get("event"), query.get("branch")]).toEqual(["workflow_dispatch", "main"]);
    expect(query.get("created")).toMatch(/^>=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("sends the dispatch again without return_run_details when a GHES rejects the field, dispatching once", async () => {
    const gh = await setup({ prefix: "/api/v3" });
    gh.state.rejectReturnRunDetails = true;
    const { ctx } = context(gh);
    const started = await adapter.trigger(ctx);
    const posts = gh.state.requests.filter((r) => r.method === "POST");
    expect(posts.map((p) => (p.body as Record<string, unknown>).return_run_details)).toEqual([true, undefined]);
    expect(gh.state.dispatchCount).toBe(1);
    expect(started.providerDeployId).toBe(String([...gh.state.runs.keys()][0]));
  });

  it("follows a run queued → in_progress → completed(success), and a failing one to error", async () => {
    const gh = await setup();
    const { ctx } = context(gh);
    const ok = await adapter.trigger(ctx);
    const states = [];
    for (let i = 0; i < 3; i++) states.push(await adapter.poll(ctx, ok.providerDeployId));
    expect(states.map((s) => s.state)).toEqual(["queued", "building", "ready"]);
    expect(states[2]).toEqual({ state: "ready", url: ok.url, detail: null });

    gh.state.nextConclusion = "failure";
    const bad = await adapter.trigger(ctx);
    let last = await adapter.poll(ctx, bad.providerDeployId);
    while (last.state === "queued" || last.state === "building") last = await adapter.poll(ctx, bad.providerDeployId);
    expect(last.state).toBe("error");
    expect(last.detail).toBe('Workflow run #2 finished with conclusion "failure".');
    expect(last.url).toBe(bad.url);
  });

  it("cancels a running run, and treats cancelling a finished one (409) as done", async () => {
    const gh = await setup();
    const { ctx } = context(gh);
    const run = await adapter.trigger(ctx);
    await adapter.cancel!(ctx, run.providerDeployId);
    expect(gh.state.requests.at(-1)!.path).toBe(`/repos/acme/shop/actions/runs/${run.providerDeployId}/cancel`);
    expect(await adapter.poll(ctx, run.providerDeployId)).toMatchObject({ state: "canceled" });
    await expect(adapter.cancel!(ctx, run.providerDeployId)).resolves.toBeUndefined();
  });

  it("maps 401, 404 and 422 to ProviderError codes with GitHub's message", async () => {
    const gh = await setup();
    const bad = await providerError(adapter.trigger(context(gh, { secrets: { token: "ghp_wrong" } }).ctx));
    expect([bad.code, bad.status]).toEqual(["unauthorized", 401]);
    expect(bad.message).toContain("Bad credentials");

    const missing = await providerError(adapter.trigger(context(gh, { settings: { owner: "acme", repo: "shop", workflow: "nope.yml", ref: "main" } }).ctx));
    expect([missing.code, missing.status]).toEqual(["not_found", 404]);
    const run404 = await providerError(adapter.poll(context(gh).ctx, "12345"));
    expect(run404.code).toBe("not_found");

    const noRef = await providerError(adapter.trigger(context(gh, { settings: { owner: "acme", repo: "shop", workflow: "deploy.yml", ref: "nope" } }).ctx));
    expect([noRef.code, noRef.status]).toEqual(["bad_request", 422]);
    expect(noRef.message).toContain("No ref found for: nope");

    const none = await providerError(adapter.trigger(context(gh, { secrets: {} }).ctx));
    expect(none.code).toBe("unauthorized");
    expect(gh.state.dispatchCount).toBe(0);
  });

  it("maps 429 + Retry-After and 403 + x-ratelimit-remaining 0 to rate_limited with retryAfterMs", async () => {
    const gh = await setup();
    const { ctx } = context(gh);
    gh.state.rateLimit = "429";
    const secondary = await providerError(adapter.trigger(ctx));
    expect([secondary.code, secondary.status, secondary.retryAfterMs]).toEqual(["rate_limited", 429, 7000]);

    gh.state.rateLimit = "403";
    const primary = await providerError(adapter.poll(ctx, "1"));
    expect([primary.code, primary.status]).toEqual(["rate_limited", 403]);
    expect(primary.retryAfterMs).toBeGreaterThan(25_000);
    expect(primary.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(gh.state.dispatchCount).toBe(0);
  });

  it("never puts the token in logs or errors, even when the server echoes it", async () => {
    const gh = await setup();
    gh.state.echoAuthInErrors = true;
    const wrong = "ghp_leakyTokenValue987";
    const { ctx, lines } = context(gh, { secrets: { token: wrong } });
    const error = await providerError(adapter.trigger(ctx));
    expect(error.message).toContain("[redacted]");
    const ok = context(gh);
    const run = await adapter.trigger(ok.ctx);
    await adapter.poll(ok.ctx, run.providerDeployId);
    await adapter.cancel!(ok.ctx, run.providerDeployId);
    const seen = [error.message, JSON.stringify(error), ...lines, ...ok.lines].join("\n");
    expect(seen).not.toContain(wrong);
    expect(seen).not.toContain(gh.token);
  });

  it("is refused by the hosted policy before reaching the loopback fake", async () => {
    const gh = await setup();
    const error = await providerError(adapter.trigger(context(gh, { policy: HOSTED_POLICY }).ctx));
    expect(error.code).toBe("unreachable");
    expect(error.message).toContain("does not let workers reach loopback addresses");
    expect(gh.seen).toEqual([]);
    expect(gh.state.dispatchCount).toBe(0);
  });
});
