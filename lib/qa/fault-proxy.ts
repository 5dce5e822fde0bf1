import http from "node:http";
import type net from "node:net";
import type { AddressInfo } from "node:net";
import { GuardedFetchError } from "@/lib/net/guarded-fetch";
import { guardedConnect, guardedTlsConnect } from "@/lib/net/guarded-socket";
import { decide, type NetworkPolicy } from "@/lib/net/policy";
import { createRng } from "./fuzz-cases";

// "Partial network failure" from T-Minus's side. A local HTTP proxy sits between T-Minus's requests and the target
// and, per request, delays it, resets the connection or cuts the response short.
//
// What this measures, honestly: the faults happen on the proxy's two connections, so the target never sees a bad
// network of its own. It sees slow clients (the request arrives late and its response is read late), clients that
// go away mid-request or mid-response (the upstream connection is destroyed), and readers that stop reading. That is
// what a flaky mobile network looks like from a server, and it is where servers leak connections, crash on EPIPE or
// wedge a worker; it is not a test of the target's own outbound calls or of packet loss between its parts.

export type FaultSettings = {
  /** Added to each request, half before it is forwarded and half before its response is read. */
  latencyMs: number;
  /** ± this much, uniformly, per request. */
  latencyJitterMs: number;
  /** Share of requests whose connections are reset: before the response starts, or in the middle of it. */
  resetRate: number;
  /** Share of requests whose response is cut after about half of its body and the connection closed. */
  truncateRate: number;
  seed: number;
};

export type FaultKind = "clean" | "reset-before" | "reset-mid" | "truncate";
export const FAULT_KINDS: FaultKind[] = ["clean", "reset-before", "reset-mid", "truncate"];

export type FaultRecord = {
  /** The x-tminus-case header the client sent, to match its own view of the request (stripped before forwarding). */
  caseId?: string;
  method: string;
  path: string;
  fault: FaultKind;
  delayMs: number;
  /** The target's status, when its response began before the fault. */
  status?: number;
  /** Why the target could not be reached (then the client got a 502 from the proxy, marked x-tminus-proxy). */
  upstreamError?: string;
};

export type FaultStats = {
  requests: number;
  byFault: Record<FaultKind, number>;
  delayMsTotal: number;
  upstreamErrors: number;
  log: FaultRecord[];
};

export type FaultProxyOptions = {
  upstream: {
    /** The name the target is known by (TLS name check); the connection goes to `address`. */
    host: string;
    port: number;
    /** An address already resolved and checked; the proxy checks it again on each connection. */
    address: string;
    tls?: boolean;
  };
  faults: FaultSettings;
  policy: NetworkPolicy;
  /** For each upstream connection. */
  connectTimeoutMs?: number;
};

export type FaultProxy = { port: number; url: string; stats: FaultStats; close(): Promise<void> };

export const PROXY_MARK = "x-tminus-proxy";
export const CASE_HEADER = "x-tminus-case";
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"];
const MAX_LOG = 10_000;

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const decision = decide(options.upstream.address, options.policy);
  if (!decision.allowed) throw new GuardedFetchError("refused_by_policy", decision.reason, `http://${options.upstream.host}:${options.upstream.port}/`, decision.address);
  const stats: FaultStats = { requests: 0, byFault: { clean: 0, "reset-before": 0, "reset-mid": 0, truncate: 0 }, delayMsTotal: 0, upstreamErrors: 0, log: [] };
  const seen = new Map<string, number>();
  const open = new Set<net.Socket>();
  const closed = { value: false };
  const server = http.createServer((req, res) => {
    const record = plan(req, options.faults, seen);
    stats.requests++;
    stats.byFault[record.fault]++;
    stats.delayMsTotal += record.delayMs;
    if (stats.log.length < MAX_LOG) stats.log.push(record);
    void forward(req, res, record, options, open, closed).then((failed) => {
      if (failed) stats.upstreamErrors++;
    });
  });
  server.on("connection", (socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        closed.value = true;
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The fault for one request, from the seed and the request itself (method, URL, how many times it was seen), not
 * from arrival order: concurrent clients get the same faults on every run.
 */
function plan(req: http.IncomingMessage, faults: FaultSettings, seen: Map<string, number>): FaultRecord {
  const id = `${req.method} ${req.url}`;
  const nth = (seen.get(id) ?? 0) + 1;
  seen.set(id, nth);
  const rng = createRng(faults.seed, `${id}#${nth}`);
  const roll = rng();
  const fault: FaultKind = roll < faults.resetRate ? (rng() < 0.5 ? "reset-before" : "reset-mid") : roll < faults.resetRate + faults.truncateRate ? "truncate" : "clean";
  const jitter = faults.latencyJitterMs ? (rng() * 2 - 1) * faults.latencyJitterMs : 0;
  const caseHeader = req.headers[CASE_HEADER];
  return {
    caseId: typeof caseHeader === "string" ? caseHeader : undefined,
    method: req.method ?? "GET",
    path: req.url ?? "/",
    fault,
    delayMs: Math.max(0, Math.round(faults.latencyMs + jitter)),
  };
}

/** Resolves true when the target could not be reached. */
async function forward(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  record: FaultRecord,
  options: FaultProxyOptions,
  open: Set<net.Socket>,
  closed: { value: boolean },
): Promise<boolean> {
  const half = Math.floor(record.delayMs / 2);
  await sleep(half);
  if (closed.value || req.socket.destroyed) return false;
  let upstream: net.Socket;
  try {
    upstream = await connectUpstream(options);
  } catch (error) {
    record.upstreamError = (error as Error).message;
    if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain", [PROXY_MARK]: "upstream-unreachable" });
    res.end(`T-Minus fault proxy: ${record.upstreamError}`);
    return true;
  }
  open.add(upstream);
  upstream.on("close", () => open.delete(upstream));
  const outgoing = http.request({
    createConnection: () => upstream,
    method: req.method,
    path: req.url,
    headers: { ...withoutHopByHop(req.headers, [CASE_HEADER]), connection: "close" },
  });
  outgoing.on("error", () => closeBoth(req, upstream, "reset"));
  req.on("error", () => upstream.destroy());
  // Writing to a client that is already gone (the point of this proxy) must not become an unhandled error.
  res.on("error", () => upstream.destroy());
  // T-Minus's client gave up or the exchange is over: the target's connection goes too.
  res.on("close", () => upstream.destroy());
  if (record.fault === "reset-before") {
    // The target gets the whole request, then its client vanishes before any answer: T-Minus's side sees a reset.
    outgoing.on("finish", () => closeBoth(req, upstream, "reset"));
  }
  outgoing.on("response", (answer) => {
    record.status = answer.statusCode;
    answer.pause();
    // The second half of the latency: the target's response waits unread (a slow reader).
    setTimeout(() => relay(answer, res, req, upstream, record), record.delayMs - half);
  });
  req.pipe(outgoing);
  return false;
}

function relay(answer: http.IncomingMessage, res: http.ServerResponse, req: http.IncomingMessage, upstream: net.Socket, record: FaultRecord) {
  if (record.fault === "reset-before" || res.destroyed) return;
  res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers, []));
  if (record.fault === "clean") {
    answer.pipe(res);
    answer.resume();
    return;
  }
  // About half of the body (half of Content-Length, or half of the first chunk when it is streamed), then the cut.
  const declared = Number(answer.headers["content-length"] ?? NaN);
  let budget = Number.isFinite(declared) ? Math.floor(declared / 2) : undefined;
  let cutting = false;
  // Once what was written has been handed to the socket: the client has received part of the body, then the cut.
  const cut = () => {
    if (cutting) return;
    cutting = true;
    answer.pause();
    res.write("", () => closeBoth(req, upstream, record.fault === "reset-mid" ? "reset" : "close"));
  };
  answer.on("data", (chunk: Buffer) => {
    if (cutting) return;
    const room = budget ?? Math.floor(chunk.length / 2);
    const part = chunk.subarray(0, Math.max(0, room));
    budget = room - part.length;
    if (part.length) res.write(part);
    if (budget <= 0 || part.length < chunk.length) cut();
  });
  answer.on("end", cut);
  answer.resume();
}

/** Ends T-Minus's connection (a TCP reset, or a plain close mid-body) and drops the target's: the target sees an aborted client. */
function closeBoth(req: http.IncomingMessage, upstream: net.Socket, how: "reset" | "close") {
  upstream.destroy();
  const socket = req.socket;
  if (socket.destroyed) return;
  if (how === "reset") socket.resetAndDestroy();
  else socket.end(() => socket.destroy());
}

async function connectUpstream(options: FaultProxyOptions): Promise<net.Socket> {
  const { host, port, address, tls } = options.upstream;
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  // The policy is checked again on every connection; for TLS the lookup pins the checked address and SNI keeps the name.
  if (tls) {
    const lookup = async () => [{ address, family: address.includes(":") ? 6 : 4 }];
    return (await guardedTlsConnect(host, port, { policy: options.policy, timeoutMs, lookup })).socket;
  }
  return (await guardedConnect(address, port, { policy: options.policy, timeoutMs })).socket;
}

function withoutHopByHop(headers: http.IncomingHttpHeaders, extra: string[]): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.includes(name) || extra.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

const sleep = (ms: number) => new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : resolve()));
