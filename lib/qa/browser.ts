import { isIP } from "node:net";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Request, type Route, type WebSocketRoute } from "playwright-core";
import { env } from "@/lib/env";
import { guardedFetch, GuardedFetchError, resolveChecked } from "@/lib/net/guarded-fetch";
import { RequestBudget, type EngineContext } from "./engine";

// Chromium for the QA engines that need a real browser (accessibility, devices), held to the instance's network policy.
//
// How no request escapes the policy:
// - The target's host is resolved and checked once, before launch, and Chromium starts with
//   --host-resolver-rules "MAP <host> <checked address>, MAP * ~NOTFOUND": the browser's own network stack can reach
//   that one address and nothing else (the catch-all also covers IP literals, preconnects and DNS prefetch, which
//   request interception never sees), so DNS cannot change between the check and the connection.
// - Every request goes through context.route("**/*"): the target's host continues in the browser; any other host is
//   resolved (cached per host), each address decided under the policy, and if allowed the request is relayed through
//   guardedFetch (which connects to the address it checked) and fulfilled; refused requests are aborted and logged once
//   per host. Service workers are blocked because their requests bypass routing.
// - WebSockets reach the target's host only; others are closed (relaying them is not worth it for page audits).
// - Every request that would leave the browser (to the target, or relayed) is taken from the run's RequestBudget
//   (ctx.limits.maxRequests counts pages and the resources they load). Once it is spent, this and every later request
//   is aborted and stopped() says "request-limit"; engines then stop, and count the page under way as not audited
//   (it lost resources). The browser is not closed there and then: closing releases requests Chromium holds paused for
//   the guard, and they would reach the target uncounted. Chromium fetches /favicon.ico itself, out of routing's
//   reach (it reaches only the target, through the resolver rules): each top-level page load takes one request more
//   from the budget for it, so the target never sees more than the limit.

const CHECK_TIMEOUT_MS = 10_000;
const RELAY_TIMEOUT_MS = 15_000;
const RELAY_MAX_BYTES = 10 * 1024 * 1024;
const RELAYABLE = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);
// Hop-by-hop or recomputed headers: the relay hands Chromium a whole, decoded body.
const DROPPED_RESPONSE_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);
const DROPPED_REQUEST_HEADERS = new Set(["host", "connection", "content-length", "accept-encoding"]);

export type StopReason = "cancelled" | "time-limit" | "request-limit";

/** "The run was …" for a stop reason, in summaries and unreliable reasons. */
export function stoppedWords(reason: StopReason): string {
  if (reason === "cancelled") return "was cancelled";
  if (reason === "time-limit") return "was stopped at its time limit";
  return "was stopped at its request limit";
}

export type GuardedBrowser = {
  /** A context whose every request is checked against the policy (service workers blocked). */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** The policy's sentence if the URL's host was refused during this run. */
  refusal(url: string): string | undefined;
  /** Set once the run was cancelled or hit its time limit (the browser is then closed) or its request limit (every further request is aborted). */
  stopped(): StopReason | undefined;
  /** Requests sent so far (discovery included when the engine passed its budget in). */
  requests(): number;
  close(): Promise<void>;
};

const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, "$1");

/** The rules that pin the target's host to its checked address and make every other name and IP unreachable. */
export function resolverRules(hostname: string, address: string): string {
  const to = isIP(address) === 6 ? `[${address}]` : address;
  return `MAP ${bare(hostname)} ${to}, MAP * ~NOTFOUND`;
}

/**
 * Launches headless Chromium for one run. Throws GuardedFetchError (refused_by_policy, or a DNS failure) when the
 * target itself may not or cannot be reached. Closes itself on ctx.signal, at `deadline` (epoch ms) or once `budget`
 * (what the run has left of ctx.limits.maxRequests, shared with its discovery fetches) is spent.
 */
export async function launchGuardedBrowser(ctx: EngineContext, deadline: number, budget = new RequestBudget(ctx.limits.maxRequests)): Promise<GuardedBrowser> {
  const target = new URL(ctx.baseUrl);
  const [address] = await resolveChecked(target, { policy: ctx.policy, lookup: ctx.lookup }, ctx.signal, CHECK_TIMEOUT_MS);
  const browser = await chromium.launch({
    executablePath: env.CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", `--host-resolver-rules=${resolverRules(target.hostname, address)}`],
  });
  let stop: StopReason | undefined;
  const guard = new RequestGuard(ctx, target.hostname, budget, () => {
    if (stop) return;
    stop = "request-limit";
    ctx.log("warn", `Stopping: the run's request limit (${budget.max.toLocaleString("en-US")} requests, counting pages and the resources they load) was reached.`);
  });
  const close = async () => {
    clearTimeout(timer);
    ctx.signal.removeEventListener("abort", onAbort);
    await browser.close().catch(() => undefined);
  };
  const halt = (reason: StopReason) => {
    stop ??= reason;
    void close();
  };
  const onAbort = () => halt("cancelled");
  // setTimeout fires at once beyond 2^31-1 ms; a limit that long is no limit for one run.
  const timer = setTimeout(() => halt("time-limit"), Math.min(Math.max(0, deadline - Date.now()), 2 ** 31 - 1));
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  if (ctx.signal.aborted) onAbort();
  return {
    newContext: (options) => guardedContext(browser, guard, options),
    refusal: (url) => guard.refusal(url),
    stopped: () => stop,
    requests: () => budget.used,
    close,
  };
}

async function guardedContext(browser: Browser, guard: RequestGuard, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ ...options, serviceWorkers: "block" });
  // The worker runs under tsx, whose esbuild transform names functions with a `__name(fn, "name")` helper. Functions
  // handed to page.evaluate are sent as source and run in the page, where that helper does not exist: define it as
  // the identity before any page script runs (it changes nothing else the audited page sees).
  await context.addInitScript({ content: "globalThis.__name = globalThis.__name || function (fn) { return fn; };" });
  await context.route("**/*", (route) => guard.handle(route).catch(() => undefined));
  await context.routeWebSocket(/.*/, (ws) => guard.handleWebSocket(ws));
  return context;
}

type Verdict = { allowed: true } | { allowed: false; reason: string };

class RequestGuard {
  private readonly verdicts = new Map<string, Promise<Verdict>>();
  private readonly refused = new Map<string, string>();
  private readonly warnedHosts = new Set<string>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly pinnedHost: string,
    private readonly budget: RequestBudget,
    private readonly onLimit: () => void,
  ) {}

  refusal(url: string): string | undefined {
    try {
      return this.refused.get(new URL(url).host);
    } catch {
      return undefined;
    }
  }

  async handle(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());
    if (url.protocol === "data:" || url.protocol === "blob:") return route.continue();
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      return this.refuse(route, url, `Workers load only http and https URLs, not ${url.protocol}//.`);
    }
    if (url.hostname === this.pinnedHost) {
      if (await this.overLimit(route, requestCost(request))) return;
      return route.continue();
    }
    const verdict = await this.check(url);
    if (!verdict.allowed) return this.refuse(route, url, verdict.reason);
    if (!RELAYABLE.has(request.method())) return this.fail(route, url, `${request.method()} requests to other hosts are not relayed.`);
    if (await this.overLimit(route, requestCost(request))) return;
    return this.relay(route, url);
  }

  /** Takes the request's cost from the run's budget; true when it does not fit (then it is aborted and the run stops). */
  private async overLimit(route: Route, cost: number): Promise<boolean> {
    if (this.budget.take(cost)) return false;
    this.onLimit();
    await route.abort("blockedbyclient").catch(() => undefined);
    return true;
  }

  handleWebSocket(ws: WebSocketRoute): void {
    const url = new URL(ws.url());
    if (url.hostname === this.pinnedHost) {
      ws.connectToServer();
      return;
    }
    this.warnOnce(url.host, `Closed WebSockets to ${url.host}: runs open WebSockets only to the target's own host.`);
    void ws.close({ code: 1008, reason: "Refused by the T-Minus worker" }).catch(() => undefined);
  }

  private check(url: URL): Promise<Verdict> {
    let verdict = this.verdicts.get(url.hostname);
    if (!verdict) {
      verdict = resolveChecked(url, { policy: this.ctx.policy, lookup: this.ctx.lookup }, this.ctx.signal, CHECK_TIMEOUT_MS).then(
        (): Verdict => ({ allowed: true }),
        (error: unknown): Verdict => ({ allowed: false, reason: error instanceof Error ? error.message : String(error) }),
      );
      this.verdicts.set(url.hostname, verdict);
    }
    return verdict;
  }

  private async relay(route: Route, url: URL): Promise<void> {
    const request = route.request();
    try {
      const res = await guardedFetch(url.toString(), {
        policy: this.ctx.policy,
        lookup: this.ctx.lookup,
        method: request.method() as "GET",
        headers: relayHeaders(await request.allHeaders()),
        body: request.postDataBuffer() ?? undefined,
        // The browser follows redirects itself, so each hop comes back through this guard.
        redirect: "manual",
        maxBodyBytes: RELAY_MAX_BYTES,
        timeoutMs: RELAY_TIMEOUT_MS,
        signal: this.ctx.signal,
      });
      if (res.truncated) return this.fail(route, url, `a response from ${url.host} was larger than ${RELAY_MAX_BYTES / 1024 / 1024} MB.`);
      await route.fulfill({ status: res.status, headers: responseHeaders(res.headers), body: decoded(res.body, res.headers["content-encoding"]) });
    } catch (error) {
      if (error instanceof GuardedFetchError && error.code === "refused_by_policy") return this.refuse(route, url, error.message);
      return this.fail(route, url, error instanceof Error ? error.message : String(error));
    }
  }

  private async refuse(route: Route, url: URL, reason: string): Promise<void> {
    if (!this.refused.has(url.host)) {
      this.refused.set(url.host, reason);
      this.ctx.log("warn", `Blocked requests to ${url.host}: ${reason}`);
    }
    await route.abort("blockedbyclient");
  }

  private async fail(route: Route, url: URL, reason: string): Promise<void> {
    this.warnOnce(url.host, `Could not load resources from ${url.host}: ${reason}`);
    await route.abort("failed");
  }

  /** One line per host: a page with 40 images from one blocked CDN should not flood the live log. */
  private warnOnce(host: string, line: string): void {
    if (this.warnedHosts.has(host)) return;
    this.warnedHosts.add(host);
    this.ctx.log("warn", line);
  }
}

/** A top-level page load costs two requests: its own, and the favicon Chromium may fetch for it outside routing. */
function requestCost(request: Request): number {
  try {
    return request.isNavigationRequest() && !request.frame().parentFrame() ? 2 : 1;
  } catch {
    return 1; // a request without a frame (a worker's) is no page load
  }
}

/** Servers may compress even when asked for identity; Chromium gets the plain body (its header is dropped). */
function decoded(body: Buffer, encoding: string | undefined): Buffer {
  try {
    if (encoding === "gzip" || encoding === "x-gzip") return gunzipSync(body);
    if (encoding === "deflate") return inflateSync(body);
    if (encoding === "br") return brotliDecompressSync(body);
  } catch {
    // A body that does not decode is passed on as it came; the page shows what a browser would make of it.
  }
  return body;
}

function relayHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { "accept-encoding": "identity" };
  for (const [name, value] of Object.entries(headers)) {
    if (!DROPPED_REQUEST_HEADERS.has(name.toLowerCase()) && !name.startsWith(":")) out[name] = value;
  }
  return out;
}

function responseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name)) continue;
    // Playwright takes several Set-Cookie values separated by newlines.
    out[name] = Array.isArray(value) ? value.join(name === "set-cookie" ? "\n" : ", ") : value;
  }
  return out;
}
