import { X509Certificate } from "node:crypto";
import type http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runProbe, type ProbeOptions } from "@/lib/monitoring/probes";
import { ZHttpSettings, type HttpSettings, type ProbeOutcome } from "@/lib/monitoring/schemas";
import type { LookupFn } from "@/lib/net/guarded-fetch";
import type { NetworkPolicy } from "@/lib/net/policy";
import { freePort } from "@/tests/helpers/private-redis";
import { localServer } from "@/tests/net/local-server";
import { certificateAuthority, loopbackServer, type Credentials } from "./tls-fixture";

const ALLOWS_LOOPBACK: NetworkPolicy = { allowLoopback: true, allowPrivate: false, allowLinkLocal: false, allowedCidrs: [] };
const FORBIDS_LOOPBACK: NetworkPolicy = { allowLoopback: false, allowPrivate: false, allowLinkLocal: false, allowedCidrs: [] };
const POLICY_REFUSAL = "This instance does not let workers reach loopback addresses (127.0.0.1). An instance admin can allow them under Admin → Network.";
const SECRET = "sk_live_0123456789abcdef";
const lookup: LookupFn = async () => [{ address: "127.0.0.1", family: 4 }];
const local: ProbeOptions = { policy: ALLOWS_LOOPBACK, lookup };

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

describe("HTTP probes", () => {
  let site: Awaited<ReturnType<typeof localServer>>;
  const pending = new Set<http.ServerResponse>();
  const routes: Record<string, http.RequestListener> = {
    "/ok": (_req, res) => res.end("<h1>Welcome to the shop</h1>"),
    "/unavailable": (_req, res) => res.writeHead(503).end("maintenance"),
    "/health": (_req, res) => res.setHeader("content-type", "application/json").end(JSON.stringify({ status: "degraded", checks: [{ db: true }] })),
    "/slow": (_req, res) => void setTimeout(() => res.end("late"), 1500),
    "/hang": (_req, res) => void pending.add(res),
    "/moved": (_req, res) => res.writeHead(302, { location: "/ok" }).end(),
    "/big": (_req, res) => res.end(`start ${"a".repeat(2 * 1024 * 1024)} needle`),
    "/echo": (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => res.end(`${req.method} ${req.headers["x-plain"] ?? "-"} ${Buffer.concat(chunks).toString()}`));
    },
    "/secret": (req, res) => {
      if (req.headers["x-api-key"] !== SECRET) return res.writeHead(401).end();
      res.end(JSON.stringify({ key: req.headers["x-api-key"] }));
    },
  };

  beforeAll(async () => {
    site = await localServer((req, res) => (routes[new URL(req.url!, "http://x").pathname] ?? ((_q, r) => r.writeHead(404).end()))(req, res));
  });
  afterAll(async () => {
    for (const res of pending) res.destroy();
    await site.close();
  });

  const probe = (path: string, settings: Partial<HttpSettings> = {}, extra: { secretHeaders?: Record<string, string>; timeoutMs?: number } = {}, options = local) =>
    runProbe(
      { kind: "http", settings: ZHttpSettings.parse({ url: `${site.url}${path}`, ...settings }), secretHeaders: extra.secretHeaders ?? {}, timeoutMs: extra.timeoutMs ?? 5000 },
      options,
    );

  it("is up when the status is expected, and says what passed", async () => {
    const outcome = await probe("/ok");
    expect(outcome).toEqual({ status: "up", latencyMs: expect.any(Number), httpStatus: 200, detail: `200 in ${outcome.latencyMs} ms` });
  });

  it("is down when the status is outside the expected set, and honours ranges and lists", async () => {
    expect(await probe("/unavailable")).toEqual({
      status: "down",
      latencyMs: expect.any(Number),
      httpStatus: 503,
      error: "The server answered 503 Service Unavailable; expected 200-299.",
    });
    expect((await probe("/unavailable", { expectedStatus: "200-299, 503" })).status).toBe("up");
    expect((await probe("/unavailable", { expectedStatus: "500-502,504" })).error).toBe("The server answered 503 Service Unavailable; expected 500-502,504.");
    expect((await probe("/missing", { expectedStatus: "404" })).status).toBe("up");
  });

  it("sends the method, plain headers and body", async () => {
    const outcome = await probe("/echo", { method: "POST", headers: { "x-plain": "hello" }, body: "ping=1", keyword: { text: "POST hello ping=1", mode: "present" } });
    expect(outcome.status).toBe("up");
  });

  it("checks that a keyword is present or absent", async () => {
    expect(await probe("/ok", { keyword: { text: "Welcome", mode: "present" } })).toMatchObject({ status: "up", detail: expect.stringContaining('"Welcome" present in the body') });
    expect(await probe("/ok", { keyword: { text: "Sold out", mode: "present" } })).toMatchObject({
      status: "down",
      httpStatus: 200,
      error: 'The body does not contain "Sold out".',
    });
    expect((await probe("/ok", { keyword: { text: "Sold out", mode: "absent" } })).status).toBe("up");
    expect((await probe("/ok", { keyword: { text: "shop", mode: "absent" } })).error).toBe('The body contains "shop", which the check expects to be absent.');
  });

  it("reads at most 1 MiB of the body and says so when the keyword is not in it", async () => {
    expect((await probe("/big", { keyword: { text: "start", mode: "present" } })).status).toBe("up");
    expect((await probe("/big", { keyword: { text: "needle", mode: "present" } })).error).toBe(
      'The first 1 MiB of the body does not contain "needle" (the rest was not read).',
    );
    expect((await probe("/big", { jsonPath: { path: "$.a", equals: "1" } })).error).toBe("The body is larger than 1 MiB, so it was not read as JSON for $.a.");
  });

  it("checks a JSON path: equal, different, missing, and a body that is not JSON", async () => {
    expect(await probe("/health", { jsonPath: { path: "$.status", equals: "degraded" } })).toMatchObject({ status: "up", detail: expect.stringContaining('$.status is "degraded"') });
    expect((await probe("/health", { jsonPath: { path: "$.checks[0].db", equals: "true" } })).status).toBe("up");
    expect(await probe("/health", { jsonPath: { path: "$.status", equals: "ok" } })).toMatchObject({ status: "down", httpStatus: 200, error: '$.status was "degraded"; expected "ok".' });
    expect((await probe("/health", { jsonPath: { path: "$.checks[1].db", equals: "true" } })).error).toBe('$.checks[1].db is missing from the body; expected "true".');
    expect((await probe("/ok", { jsonPath: { path: "$.status", equals: "ok" } })).error).toBe("The body is not JSON, so $.status could not be read.");
  });

  it("is degraded when everything passes but the answer is slower than the threshold", async () => {
    const slow = await probe("/slow", { degradedAboveMs: 200 });
    expect(slow).toMatchObject({ status: "degraded", httpStatus: 200, detail: `200 in ${slow.latencyMs} ms` });
    expect(slow.latencyMs).toBeGreaterThan(200);
    expect(slow.error).toBe(`The answer took ${slow.latencyMs} ms, more than the 200 ms above which the check counts as degraded.`);
    expect((await probe("/ok", { degradedAboveMs: 20_000 })).status).toBe("up");
    // A failure stays down however fast it was.
    expect((await probe("/unavailable", { degradedAboveMs: 20_000 })).status).toBe("down");
  });

  it("is down with a sentence when the server does not answer in time or nothing listens", async () => {
    expect(await probe("/hang", {}, { timeoutMs: 300 })).toEqual({
      status: "down",
      latencyMs: null,
      error: `No answer from 127.0.0.1:${site.port} within 0.3 s — is the server up and reachable from the worker?`,
    });
    const port = await freePort();
    expect(await runProbe({ kind: "http", settings: ZHttpSettings.parse({ url: `http://127.0.0.1:${port}/` }), secretHeaders: {}, timeoutMs: 5000 }, local)).toEqual({
      status: "down",
      latencyMs: null,
      error: `Nothing answers at 127.0.0.1:${port} — is the server running?`,
    });
  });

  it("follows redirects, or judges the redirect itself when told not to", async () => {
    expect(await probe("/moved")).toMatchObject({ status: "up", httpStatus: 200 });
    expect(await probe("/moved", { followRedirects: false })).toMatchObject({
      status: "down",
      httpStatus: 302,
      error: "The server answered 302 Found (a redirect to /ok); expected 200-299.",
    });
    expect(await probe("/moved", { followRedirects: false, expectedStatus: "301-302" })).toMatchObject({ status: "up", httpStatus: 302 });
  });

  it("sends secret headers and never shows their values in error or detail", async () => {
    const secretHeaders = { "x-api-key": SECRET };
    expect((await probe("/secret")).httpStatus).toBe(401);
    const passing = await probe("/secret", { jsonPath: { path: "$.key", equals: SECRET } }, { secretHeaders });
    expect(passing).toMatchObject({ status: "up", httpStatus: 200, detail: expect.stringContaining('$.key is "[secret]"') });
    const failing = await probe("/secret", { jsonPath: { path: "$.key", equals: "something else" } }, { secretHeaders });
    expect(failing).toMatchObject({ status: "down", error: '$.key was "[secret]"; expected "something else".' });
    const keyword = await probe("/secret", { keyword: { text: SECRET, mode: "absent" } }, { secretHeaders });
    expect(keyword.error).toBe('The body contains "[secret]", which the check expects to be absent.');
    for (const outcome of [passing, failing, keyword]) expect(JSON.stringify(outcome)).not.toContain(SECRET);
  });

  it("goes through the network policy: loopback refused without connecting when the policy forbids it", async () => {
    const before = site.seen.length;
    expect(await probe("/ok", {}, {}, { policy: FORBIDS_LOOPBACK })).toEqual({ status: "down", latencyMs: null, error: POLICY_REFUSAL });
    expect(site.seen.length).toBe(before);
    // Behind a name too: the address it resolves to is what the policy judges.
    const named = await runProbe(
      { kind: "http", settings: ZHttpSettings.parse({ url: `http://status.test:${site.port}/ok` }), secretHeaders: {}, timeoutMs: 5000 },
      { policy: FORBIDS_LOOPBACK, lookup },
    );
    expect(named.error).toBe(POLICY_REFUSAL.replace("(127.0.0.1)", "(127.0.0.1, which status.test resolves to)"));
    const allowed = await runProbe({ kind: "http", settings: ZHttpSettings.parse({ url: `http://status.test:${site.port}/ok` }), secretHeaders: {}, timeoutMs: 5000 }, local);
    expect(allowed.status).toBe("up");
  });

  it("ends at once when the caller aborts", async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const outcome = await probe("/hang", {}, { timeoutMs: 20_000 }, { ...local, signal: abort.signal });
    expect(outcome).toEqual({ status: "down", latencyMs: null, error: `The request to 127.0.0.1:${site.port} was cancelled.` });
  });
});

describe("TLS probes", () => {
  const ca = certificateAuthority();
  afterAll(() => ca.remove());
  const names = ["DNS:probe.test", "IP:127.0.0.1"];

  async function serve(credentials: Credentials) {
    const server = await loopbackServer(credentials);
    cleanup.push(server.close);
    return server;
  }
  const tlsProbe = (host: string, port: number, options: ProbeOptions, warnDays = 14) =>
    runProbe({ kind: "tls", settings: { host, port, warnDays }, timeoutMs: 5000 }, options);
  const trusted: ProbeOptions = { ...local, extraCa: [ca.caCert] };
  const expiry = (credentials: Credentials) => {
    const date = new Date(new X509Certificate(credentials.cert).validTo);
    return `${date.getUTCDate()} ${date.toLocaleString("en-US", { month: "short", timeZone: "UTC" })} ${date.getUTCFullYear()}`;
  };

  it("is up with the days left when the certificate is trusted and far from expiry, by name or by IP", async () => {
    const credentials = ca.issue(names, { days: 90 });
    const server = await serve(credentials);
    const outcome = await tlsProbe("probe.test", server.port, trusted);
    expect(outcome).toEqual({
      status: "up",
      latencyMs: expect.any(Number),
      certDaysLeft: 89,
      detail: `Certificate valid for 89 more days (until ${expiry(credentials)}); handshake in ${outcome.latencyMs} ms.`,
    });
    expect((await tlsProbe("127.0.0.1", server.port, trusted)).status).toBe("up");
  });

  it("is degraded when the certificate expires within warnDays", async () => {
    const credentials = ca.issue(names, { days: 3 });
    const server = await serve(credentials);
    expect(await tlsProbe("probe.test", server.port, trusted)).toEqual({
      status: "degraded",
      latencyMs: expect.any(Number),
      certDaysLeft: 2,
      error: `The TLS certificate of probe.test:${server.port} expires in 2 days (${expiry(credentials)}); renew it before then.`,
    });
    expect((await tlsProbe("probe.test", server.port, trusted, 2)).status).toBe("up");
  });

  it("is down once the certificate has expired", async () => {
    const server = await serve(ca.issue(names, { start: "20200101000000Z", end: "20200201000000Z" }));
    const outcome = await tlsProbe("probe.test", server.port, trusted);
    expect(outcome).toMatchObject({ status: "down", error: `The TLS certificate of probe.test:${server.port} expired on 1 Feb 2020; renew it.` });
    expect(outcome.certDaysLeft).toBeLessThan(-365);
  });

  it("is down, naming the reason, when the certificate is not trusted", async () => {
    const issued = await serve(ca.issue(names, { days: 90 }));
    expect(await tlsProbe("probe.test", issued.port, local)).toMatchObject({
      status: "down",
      certDaysLeft: 89,
      error: `The TLS certificate of probe.test:${issued.port} is signed by an authority the worker does not trust — is it from a private authority, or is the server missing its intermediate certificate?`,
    });
    const self = await serve(ca.selfSigned(names, 90));
    expect((await tlsProbe("probe.test", self.port, trusted)).error).toBe(`The TLS certificate of probe.test:${self.port} is self-signed, so the worker does not trust it.`);
    expect((await tlsProbe("other.test", issued.port, trusted)).error).toBe(
      `The TLS certificate of other.test:${issued.port} is not valid for the name other.test; it covers probe.test, 127.0.0.1.`,
    );
  });

  it("is down when the port does not speak TLS or does not answer in time", async () => {
    const http = await localServer((_req, res) => res.end("plain"));
    cleanup.push(http.close);
    expect((await tlsProbe("127.0.0.1", http.port, local)).error).toBe(`The TLS handshake with 127.0.0.1:${http.port} failed — does it serve HTTPS on this port?`);
    const silent = await loopbackServer();
    cleanup.push(silent.close);
    expect(await runProbe({ kind: "tls", settings: { host: "127.0.0.1", port: silent.port, warnDays: 14 }, timeoutMs: 300 }, local)).toEqual({
      status: "down",
      latencyMs: null,
      error: `No answer from 127.0.0.1:${silent.port} within 0.3 s — is the server up and reachable from the worker?`,
    });
  });

  it("goes through the network policy before connecting", async () => {
    const server = await serve(ca.issue(names, { days: 90 }));
    expect(await tlsProbe("probe.test", server.port, { ...trusted, policy: FORBIDS_LOOPBACK })).toEqual({
      status: "down",
      latencyMs: null,
      error: POLICY_REFUSAL.replace("(127.0.0.1)", "(127.0.0.1, which probe.test resolves to)"),
    });
    expect(server.connections()).toBe(0);
  });

  it("ends at once when the caller aborts a handshake that never comes", async () => {
    const silent = await loopbackServer();
    cleanup.push(silent.close);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const outcome = await runProbe({ kind: "tls", settings: { host: "127.0.0.1", port: silent.port, warnDays: 14 }, timeoutMs: 20_000 }, { ...local, signal: abort.signal });
    expect(outcome).toEqual({ status: "down", latencyMs: null, error: `The connection to 127.0.0.1:${silent.port} was cancelled.` });
  });
});

describe("TCP probes", () => {
  const tcpProbe = (host: string, port: number, options: ProbeOptions): Promise<ProbeOutcome> => runProbe({ kind: "tcp", settings: { host, port }, timeoutMs: 5000 }, options);

  it("is up when the port accepts a connection", async () => {
    const server = await loopbackServer();
    cleanup.push(server.close);
    const outcome = await tcpProbe("127.0.0.1", server.port, local);
    expect(outcome).toEqual({ status: "up", latencyMs: expect.any(Number), detail: `127.0.0.1:${server.port} accepted a connection in ${outcome.latencyMs} ms.` });
    const named = await tcpProbe("db.test", server.port, local);
    expect(named.detail).toBe(`db.test:${server.port} (127.0.0.1) accepted a connection in ${named.latencyMs} ms.`);
  });

  it("is down when nothing listens, or when the policy forbids the address", async () => {
    const port = await freePort();
    expect(await tcpProbe("127.0.0.1", port, local)).toEqual({ status: "down", latencyMs: null, error: `Nothing answers at 127.0.0.1:${port} — is the server running?` });
    const server = await loopbackServer();
    cleanup.push(server.close);
    expect(await tcpProbe("127.0.0.1", server.port, { policy: FORBIDS_LOOPBACK })).toEqual({ status: "down", latencyMs: null, error: POLICY_REFUSAL });
    expect(server.connections()).toBe(0);
  });
});
