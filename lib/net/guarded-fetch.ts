import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { promises as dns } from "node:dns";
import { decide, type NetworkPolicy } from "./policy";
import { describeNetError, GuardedFetchError } from "./errors";

export { GuardedFetchError } from "./errors";

export type LookupFn = (hostname: string) => Promise<{ address: string; family: number }[]>;

export type GuardedFetchOptions = {
  policy: NetworkPolicy;
  method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The body is read up to this many bytes, then the connection is closed and `truncated` is set. */
  maxBodyBytes?: number;
  maxRedirects?: number;
  /** "manual" returns a redirect as the response instead of following it (a probe that expects a 301). */
  redirect?: "follow" | "manual";
  /** For the whole exchange: DNS, connection, redirects and body. */
  timeoutMs?: number;
  /** Replaces DNS (tests); called once per host visited. */
  lookup?: LookupFn;
  /** The caller's cancellation (a deployment cancelled, a worker shutting down): stops the exchange at once. */
  signal?: AbortSignal;
};

export type GuardedResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  truncated: boolean;
  /** The URL that answered, after redirects, and the address the connection went to. */
  url: string;
  address: string;
  text(): string;
};

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
// Errors that happen before anything is sent, so the next checked address of the same answer may be tried.
export const CONNECT_ERRORS = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

const defaultLookup: LookupFn = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * The one outbound HTTP client for workers. Every host is resolved once, every address it resolves to is checked
 * against the policy, and the connection goes to a checked address (so DNS cannot change between check and use);
 * redirects are followed by hand and checked again; the body is capped.
 */
export async function guardedFetch(input: string, options: GuardedFetchOptions): Promise<GuardedResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const cancel = () => abort.abort();
  if (options.signal?.aborted) abort.abort();
  options.signal?.addEventListener("abort", cancel, { once: true });
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    clearTimeout(timer);
    throw new GuardedFetchError("invalid_url", `"${input}" is not a valid URL.`, input);
  }
  let method = options.method ?? "GET";
  let body = options.body;
  let headers = options.headers;
  try {
    for (let redirects = 0; ; redirects++) {
      const addresses = await resolveChecked(url, options, abort.signal, timeoutMs);
      const res = await connect(url, addresses, { method, body, headers, signal: abort.signal }, timeoutMs);
      const location = res.response.headers.location;
      if (REDIRECTS.has(res.response.statusCode ?? 0) && location && options.redirect !== "manual") {
        res.response.destroy();
        if (redirects >= (options.maxRedirects ?? DEFAULT_MAX_REDIRECTS)) {
          throw new GuardedFetchError("too_many_redirects", `${url.host} redirected more than ${redirects} times; the last step pointed at ${location}.`, url.toString());
        }
        const next = new URL(location, url);
        if (res.response.statusCode === 303 || ((res.response.statusCode ?? 0) < 307 && method === "POST")) {
          method = "GET";
          body = undefined;
        }
        // As browsers do: a hop to another origin loses the caller's headers, so a token meant for one host
        // (a deploy API, a webhook) never reaches the host it redirects to.
        if (next.origin !== url.origin) headers = undefined;
        url = next;
        continue;
      }
      const read = await readCapped(res.response, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, abort.signal, url, timeoutMs);
      return {
        status: res.response.statusCode ?? 0,
        headers: res.response.headers,
        ...read,
        url: url.toString(),
        address: res.address,
        text: () => read.body.toString("utf8"),
      };
    }
  } catch (error) {
    if (options.signal?.aborted) throw new GuardedFetchError("cancelled", `The request to ${url.host} was cancelled.`, url.toString());
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", cancel);
  }
}

const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, "$1");
const portOf = (url: URL) => url.port || (url.protocol === "https:" ? "443" : "80");

/**
 * Resolves the URL's host once and checks every address against the policy; refused if any one is. Sockets that are
 * not HTTP (TLS and TCP probes) use it too, with an http(s) URL naming the host and port for the sentences.
 */
export async function resolveChecked(
  url: URL,
  options: Pick<GuardedFetchOptions, "policy" | "lookup">,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<string[]> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new GuardedFetchError("unsupported_protocol", `Workers fetch only http and https URLs, not ${url.protocol}//.`, url.toString());
  }
  const host = bare(url.hostname);
  let found: string[];
  if (isIP(host)) found = [host];
  else {
    try {
      const answer = await abortable((options.lookup ?? defaultLookup)(host), signal);
      found = answer.map((a) => a.address);
    } catch (error) {
      throw describeNetError(error, url, timeoutMs);
    }
    if (!found.length) throw describeNetError(Object.assign(new Error("no addresses"), { code: "ENOTFOUND" }), url, timeoutMs);
  }
  const checked: string[] = [];
  for (const address of found) {
    const decision = decide(address, options.policy);
    if (!decision.allowed) {
      const named = isIP(host) ? decision.reason : decision.reason.replace(`${decision.address}`, `${decision.address}, which ${host} resolves to`);
      throw new GuardedFetchError("refused_by_policy", named, url.toString(), decision.address);
    }
    checked.push(decision.address);
  }
  return checked;
}

type Sent = { method: string; body?: string | Buffer; headers?: Record<string, string>; signal: AbortSignal };

async function connect(url: URL, addresses: string[], sent: Sent, timeoutMs: number) {
  for (let i = 0; ; i++) {
    try {
      return { response: await requestOnce(url, addresses[i], sent), address: addresses[i] };
    } catch (error) {
      const code = (error as { code?: string }).code ?? "";
      if (CONNECT_ERRORS.has(code) && i + 1 < addresses.length && !sent.signal.aborted) continue;
      throw describeNetError(error, url, timeoutMs, addresses[i]);
    }
  }
}

function requestOnce(url: URL, address: string, sent: Sent): Promise<http.IncomingMessage> {
  const host = bare(url.hostname);
  const secure = url.protocol === "https:";
  const headers: Record<string, string> = { host: url.host, "user-agent": "T-Minus/1", ...sent.headers };
  if (url.username || url.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64")}`;
  }
  if (sent.body !== undefined) headers["content-length"] = String(Buffer.byteLength(sent.body));
  const requestOptions: https.RequestOptions = {
    // An IP as host: Node connects to it without any lookup. SNI and certificate checks use the URL's name.
    host: address,
    port: Number(portOf(url)),
    path: `${url.pathname}${url.search}`,
    method: sent.method,
    headers,
    agent: false,
    signal: sent.signal,
    ...(secure ? { servername: isIP(host) ? "" : host } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request(requestOptions, resolve);
    req.on("error", reject);
    req.end(sent.body);
  });
}

async function readCapped(res: http.IncomingMessage, max: number, signal: AbortSignal, url: URL, timeoutMs: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      const room = max - size;
      if (chunk.length >= room) {
        chunks.push(chunk.subarray(0, room));
        size += room;
        truncated = chunk.length > room || !res.complete;
        break; // leaving the loop destroys the stream: the rest is never read
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch (error) {
    if (signal.aborted) throw describeNetError(Object.assign(new Error("timeout"), { code: "timeout" }), url, timeoutMs);
    throw describeNetError(error, url, timeoutMs);
  } finally {
    res.destroy();
  }
  return { body: Buffer.concat(chunks, size), truncated };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(Object.assign(new Error("timeout"), { code: "timeout" }));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
