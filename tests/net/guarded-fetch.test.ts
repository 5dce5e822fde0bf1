import { afterEach, describe, expect, it } from "vitest";
import { guardedFetch, GuardedFetchError, type LookupFn } from "@/lib/net/guarded-fetch";
import { HOSTED_POLICY, LOCAL_POLICY } from "@/lib/net/policy";
import { freePort } from "@/tests/helpers/private-redis";
import { localServer } from "./local-server";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});
async function server(...args: Parameters<typeof localServer>) {
  const s = await localServer(...args);
  cleanup.push(s.close);
  return s;
}
const ok = () => server((_req, res) => res.end(JSON.stringify({ status: "ok", version: "1.2.3" })));

async function refusal(promise: Promise<unknown>): Promise<GuardedFetchError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GuardedFetchError);
  return error as GuardedFetchError;
}

describe("guardedFetch and the network policy", () => {
  it("refuses loopback under the hosted policy without connecting, and reaches it under the local policy", async () => {
    const s = await ok();
    const error = await refusal(guardedFetch(`${s.url}/health`, { policy: HOSTED_POLICY }));
    expect(error.code).toBe("refused_by_policy");
    expect(error.message).toBe(
      "This instance does not let workers reach loopback addresses (127.0.0.1). An instance admin can allow them under Admin → Network.",
    );
    expect(s.seen).toEqual([]);

    const res = await guardedFetch(`${s.url}/health`, { policy: LOCAL_POLICY });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text())).toEqual({ status: "ok", version: "1.2.3" });
    expect(res.address).toBe("127.0.0.1");
  });

  it("refuses link-local (cloud metadata) by default, also behind a name, before any connection", async () => {
    const lookup: LookupFn = async () => [{ address: "169.254.169.254", family: 4 }];
    for (const url of ["http://169.254.169.254/latest/meta-data/", "http://metadata.test/latest/meta-data/", "http://[::ffff:a9fe:a9fe]/"]) {
      const error = await refusal(guardedFetch(url, { policy: LOCAL_POLICY, lookup }));
      expect(error.code, url).toBe("refused_by_policy");
      expect(error.message, url).toContain("link-local addresses such as cloud metadata (169.254.169.254");
    }
  });

  it("refuses a name if any of its addresses is refused", async () => {
    const lookup: LookupFn = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.5", family: 4 },
    ];
    const error = await refusal(guardedFetch("http://mixed.test/", { policy: HOSTED_POLICY, lookup }));
    expect(error.message).toBe(
      "This instance does not let workers reach private addresses (10.0.0.5, which mixed.test resolves to). An instance admin can allow them under Admin → Network.",
    );
  });

  it("re-checks each redirect: an allowed host redirecting to a refused address is refused", async () => {
    const target = await server((_req, res) => res.end("secret"), { host: "127.0.0.3" });
    const hop = await server((_req, res) => {
      res.writeHead(302, { location: `${target.url}/internal` }).end();
    });
    const policy = { ...HOSTED_POLICY, allowedCidrs: ["127.0.0.1/32"] };
    const error = await refusal(guardedFetch(`${hop.url}/start`, { policy }));
    expect(error.code).toBe("refused_by_policy");
    expect(error.message).toContain("(127.0.0.3)");
    expect(hop.seen).toHaveLength(1);
    expect(target.seen).toEqual([]);

    const allowed = await guardedFetch(`${hop.url}/start`, { policy: LOCAL_POLICY });
    expect([allowed.status, allowed.text(), allowed.url]).toEqual([200, "secret", `${target.url}/internal`]);
  });

  it("drops the caller's headers when a redirect leaves the origin, and keeps them on the same origin", async () => {
    const received: Record<string, string | undefined> = {};
    const other = await server((req, res) => ((received.other = req.headers.authorization), res.end("other")), { host: "127.0.0.2" });
    const origin = await server((req, res) => {
      if (req.url === "/start") return res.writeHead(302, { location: "/same" }).end();
      received.same = req.headers.authorization;
      res.writeHead(302, { location: `${other.url}/elsewhere` }).end();
    });
    const res = await guardedFetch(`${origin.url}/start`, { policy: LOCAL_POLICY, headers: { authorization: "Bearer hook-secret" } });
    expect(res.text()).toBe("other");
    expect(received).toEqual({ same: "Bearer hook-secret", other: undefined });
  });

  it("stops at once when the caller cancels, saying it was cancelled rather than timed out", async () => {
    const hang = await server(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const pending = guardedFetch(`${hang.url}/slow`, { policy: LOCAL_POLICY, timeoutMs: 30_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await refusal(pending);
    expect([error.code, error.message]).toEqual(["cancelled", `The request to 127.0.0.1:${hang.port} was cancelled.`]);
  });

  it("stops after a bounded number of redirects", async () => {
    const loop = await server((req, res) => res.writeHead(301, { location: `/again${req.url}` }).end());
    const error = await refusal(guardedFetch(`${loop.url}/`, { policy: LOCAL_POLICY, maxRedirects: 3 }));
    expect(error.code).toBe("too_many_redirects");
    expect(loop.seen).toHaveLength(4);
  });

  it("caps the body it reads (default 1 MiB) and says it truncated it", async () => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    const big = await server((_req, res) => {
      let sent = 0;
      const push = () => {
        while (sent < 48 && res.write(chunk)) sent++;
        if (sent >= 48) res.end();
        else res.once("drain", () => (sent++, push()));
      };
      push();
    });
    const capped = await guardedFetch(big.url, { policy: LOCAL_POLICY, maxBodyBytes: 100_000 });
    expect(capped.body.length).toBe(100_000);
    expect(capped.truncated).toBe(true);
    const byDefault = await guardedFetch(big.url, { policy: LOCAL_POLICY });
    expect(byDefault.body.length).toBe(1024 * 1024);
    expect(byDefault.truncated).toBe(true);
    const small = await guardedFetch(big.url, { policy: LOCAL_POLICY, maxBodyBytes: 4 * 1024 * 1024 });
    expect([small.body.length, small.truncated]).toEqual([48 * 64 * 1024, false]);
  });

  it("asks DNS once and connects to the checked address, so a changed answer cannot redirect the connection", async () => {
    const checked = await server((_req, res) => res.end("checked"), { host: "127.0.0.2" });
    const other = await server((_req, res) => res.end("other"), { host: "127.0.0.1", port: checked.port });
    const calls: string[] = [];
    const lookup: LookupFn = async (hostname) => {
      calls.push(hostname);
      return [{ address: calls.length === 1 ? "127.0.0.2" : "127.0.0.1", family: 4 }];
    };
    const policy = { ...HOSTED_POLICY, allowedCidrs: ["127.0.0.2/32"] };
    const res = await guardedFetch(`http://rebind.test:${checked.port}/health`, { policy, lookup });
    expect(res.text()).toBe("checked");
    expect(calls).toEqual(["rebind.test"]);
    expect(checked.seen).toEqual([{ localAddress: "127.0.0.2", host: `rebind.test:${checked.port}`, path: "/health" }]);
    expect(other.seen).toEqual([]);
  });
});

describe("guardedFetch errors are sentences with the code kept apart", () => {
  it("names the address nothing answers at", async () => {
    const port = await freePort();
    const error = await refusal(guardedFetch(`http://127.0.0.1:${port}/health`, { policy: LOCAL_POLICY }));
    expect(error.code).toBe("ECONNREFUSED");
    expect(error.message).toBe(`Nothing answers at 127.0.0.1:${port} — is the server running?`);
  });

  it("says when a name does not resolve", async () => {
    const lookup: LookupFn = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.test"), { code: "ENOTFOUND" });
    };
    const error = await refusal(guardedFetch("http://nowhere.test/", { policy: LOCAL_POLICY, lookup }));
    expect([error.code, error.message]).toEqual(["ENOTFOUND", "The name nowhere.test does not resolve to any address — check the spelling of the URL."]);
  });

  it("gives up after the timeout", async () => {
    const silent = await server(() => {});
    const error = await refusal(guardedFetch(silent.url, { policy: LOCAL_POLICY, timeoutMs: 300 }));
    expect(error.code).toBe("timeout");
    expect(error.message).toBe(`No answer from 127.0.0.1:${silent.port} within 0.3 s — is the server up and reachable from the worker?`);
  });

  it("explains a TLS handshake with something that does not speak TLS", async () => {
    const plain = await ok();
    const error = await refusal(guardedFetch(`https://127.0.0.1:${plain.port}/`, { policy: LOCAL_POLICY }));
    expect(error.message).toBe(`The TLS handshake with 127.0.0.1:${plain.port} failed — does it serve HTTPS on this port?`);
    expect(error.code).toMatch(/EPROTO|ERR_SSL/);
  });

  it("fetches only http and https", async () => {
    for (const url of ["file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1:6379/_INFO"]) {
      const error = await refusal(guardedFetch(url, { policy: LOCAL_POLICY }));
      expect(error.code, url).toBe("unsupported_protocol");
    }
  });
});
