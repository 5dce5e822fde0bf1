import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { deployHookAdapter, HOOK_POLL_DETAIL } from "@/lib/deployments/adapters/deploy-hook";
import { ProviderError, type AdapterContext } from "@/lib/deployments/adapters/types";
import { HOSTED_POLICY, LOCAL_POLICY, type NetworkPolicy } from "@/lib/net/policy";
import { localServer } from "@/tests/net/local-server";

const SECRET = "Xq7hK2pLmN9vR4tW";
const HOOK_PATH = `/v1/integrations/deploy/prj_web123/${SECRET}`;

type Received = { method: string; path: string; body: string; headers: http.IncomingHttpHeaders };

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function hookServer(status: number, body: string, headers: Record<string, string> = {}) {
  const received: Received[] = [];
  const s = await localServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ method: req.method ?? "", path: req.url ?? "", body: Buffer.concat(chunks).toString(), headers: req.headers });
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(body);
    });
  });
  cleanup.push(s.close);
  return { ...s, received };
}

function context(hookUrl: string | undefined, policy: NetworkPolicy = LOCAL_POLICY) {
  const lines: string[] = [];
  const ctx: AdapterContext = {
    release: { version: "2.0.0", commitSha: null, gitRef: null },
    target: { name: "production", environment: "production", baseUrl: "https://web.example.com" },
    settings: {},
    secrets: hookUrl ? { deployHookUrl: hookUrl } : {},
    policy,
    signal: new AbortController().signal,
    log: (line) => lines.push(line),
  };
  return { ctx, lines };
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  expect((error as Error).message).not.toContain(SECRET);
  return error as ProviderError;
}

describe("deployHookAdapter", () => {
  it("POSTs an empty JSON body without auth and keeps Vercel's job id", async () => {
    const s = await hookServer(201, JSON.stringify({ job: { id: "hJob123abc", state: "PENDING", createdAt: 1_700_000_000_000 } }));
    const { ctx, lines } = context(`${s.url}${HOOK_PATH}`);
    const result = await deployHookAdapter.trigger(ctx);
    expect(result).toEqual({ providerDeployId: "hJob123abc", url: null, state: "queued" });
    expect(s.received).toHaveLength(1);
    expect(s.received[0]).toMatchObject({ method: "POST", path: HOOK_PATH, body: "{}" });
    expect(s.received[0].headers.authorization).toBeUndefined();
    expect(lines).toEqual([
      `Called the deploy hook at ${s.url}/…: HTTP 201 (job hJob123abc). Hooks report no build progress; follow the build on the provider.`,
    ]);
  });

  it("makes up an id when the provider answers with little or nothing (Netlify, Render)", async () => {
    for (const [status, body] of [
      [200, ""],
      [202, "ok"],
      [200, "{}"],
    ] as const) {
      const s = await hookServer(status, body);
      const { ctx } = context(`${s.url}/build_hooks/5f1e2d3c4b5a69788796a5b4?key=${SECRET}`);
      const before = Date.now();
      const result = await deployHookAdapter.trigger(ctx);
      expect(result.state).toBe("queued");
      expect(result.providerDeployId).toMatch(/^hook-\d+$/);
      expect(Number(result.providerDeployId.slice(5))).toBeGreaterThanOrEqual(before);
    }
  });

  it("keeps Render's deploy id", async () => {
    const s = await hookServer(200, JSON.stringify({ deploy: { id: "dep-cq1abc" } }));
    const { ctx } = context(`${s.url}/deploy/srv-abc123?key=${SECRET}`);
    expect((await deployHookAdapter.trigger(ctx)).providerDeployId).toBe("dep-cq1abc");
  });

  it("polls as ready and says the hook reports no progress", async () => {
    const { ctx } = context("https://api.vercel.com/x");
    expect(await deployHookAdapter.poll(ctx, "hook-1")).toEqual({ state: "ready", url: null, detail: HOOK_POLL_DETAIL });
    expect(HOOK_POLL_DETAIL).toBe("The provider accepted the hook; it does not report build progress");
    expect(deployHookAdapter.logs).toBeUndefined();
    expect(deployHookAdapter.rollback).toBeUndefined();
  });

  it("maps errors to sentences that show only the hook's origin", async () => {
    const cases = [
      [404, "not_found", "does not exist (HTTP 404)"],
      [403, "unauthorized", "refused the call (HTTP 403)"],
      [500, "provider_error", "failed (HTTP 500)"],
      [400, "bad_request", "rejected the call (HTTP 400)"],
    ] as const;
    for (const [status, code, text] of cases) {
      const s = await hookServer(status, JSON.stringify({ error: { message: `hook ${HOOK_PATH} unknown` } }));
      const { ctx, lines } = context(`${s.url}${HOOK_PATH}`);
      const error = await rejection(deployHookAdapter.trigger(ctx));
      expect([error.code, error.status]).toEqual([code, status]);
      expect(error.message).toContain(`The deploy hook at ${s.url}/… ${text}`);
      expect(lines.join("\n")).not.toContain(SECRET);
    }
    const limited = await hookServer(429, "", { "retry-after": "30" });
    const error = await rejection(deployHookAdapter.trigger(context(`${limited.url}${HOOK_PATH}`).ctx));
    expect([error.code, error.retryAfterMs]).toEqual(["rate_limited", 30_000]);
  });

  it("explains a missing or malformed hook URL without echoing it", async () => {
    expect((await rejection(deployHookAdapter.trigger(context(undefined).ctx))).message).toBe(
      "This target has no deploy hook URL; add it in the target's secrets.",
    );
    const malformed = await rejection(deployHookAdapter.trigger(context(`not a url ${SECRET}`).ctx));
    expect(malformed.code).toBe("bad_request");
  });

  it("goes through the network policy: the hosted policy refuses the loopback hook before connecting", async () => {
    const s = await hookServer(200, "");
    const { ctx, lines } = context(`${s.url}${HOOK_PATH}`, HOSTED_POLICY);
    const error = await rejection(deployHookAdapter.trigger(ctx));
    expect(error.code).toBe("unreachable");
    expect(error.message).toBe(
      `Could not call the deploy hook at ${s.url}/…: This instance does not let workers reach loopback addresses (127.0.0.1). An instance admin can allow them under Admin → Network.`,
    );
    expect(s.seen).toEqual([]);
    expect(lines).toEqual([]);
  });

  it("redacts the hook path when the failure message would name it (a redirect loop)", async () => {
    const s = await localServer((req, res) => res.writeHead(302, { location: `${req.url}/again` }).end());
    cleanup.push(s.close);
    const error = await rejection(deployHookAdapter.trigger(context(`${s.url}${HOOK_PATH}`).ctx));
    expect(error.code).toBe("unreachable");
    expect(error.message).toContain("redirected more than");
  });
});
