import type http from "node:http";
import { localServer } from "@/tests/net/local-server";

// A loopback stand-in for the parts of the Vercel REST API the adapter uses, with the documented shapes:
// Bearer auth + `teamId` query, `{ error: { code, message } }` errors, readyState, `pagination.next` used as `until`.

export type FakeEvent = { id: string; created: number; text: string };
export type FakeDeployment = {
  uid: string;
  name: string;
  projectId: string;
  target: "production" | null;
  readyState: "QUEUED" | "INITIALIZING" | "BUILDING" | "READY" | "ERROR" | "CANCELED";
  url: string;
  createdAt: number;
  meta: Record<string, string>;
  errorMessage?: string;
  errorCode?: string;
  events: FakeEvent[];
  /** Set when the build is told to fail: the state BUILDING turns into. */
  failWith?: string;
  /** With `buildMs`: the wall-clock time BUILDING turns into READY (or ERROR); until then polls answer BUILDING. */
  readyAt?: number;
};

/** One POST /v13/deployments as it arrived, accepted or not. */
export type FakeCreateCall = { at: number; meta: Record<string, string>; uid: string | null };
/** What a response is about to answer; `beforeAnswer` may hold it (e.g. to kill the client while the work is done). */
export type FakeAnswer = { method: string; path: string; query: URLSearchParams; status: number; body: unknown };
type Reply = { status: number; body?: unknown; headers: Record<string, string> };

export const PAGE_SIZE = 2;

export async function fakeVercel(opts: {
  token: string;
  projectId: string;
  teamId?: string;
  name?: string;
  /** Builds take this long in wall-clock time (drawn per deployment); without it each poll advances one state. */
  buildMs?: () => number;
}) {
  const deployments = new Map<string, FakeDeployment>();
  const state = {
    createCalls: 0,
    creates: [] as FakeCreateCall[],
    /** Awaited before every answer is written; the provider has already done what the request asked. */
    beforeAnswer: null as ((answer: FakeAnswer) => Promise<void> | void) | null,
    lastCreateBody: null as Record<string, unknown> | null,
    rollbacks: [] as { deploymentId: string; description: string | null }[],
    rateLimitNext: null as { retryAfter?: number; reset?: number } | null,
    failNextBuild: null as string | null,
    requests: 0,
  };
  let clock = 1_700_000_000_000;
  let seq = 0;
  const name = opts.name ?? "web";

  function add(partial: Partial<FakeDeployment> = {}): FakeDeployment {
    const uid = partial.uid ?? `dpl_${++seq}`;
    const d: FakeDeployment = {
      uid,
      name,
      projectId: opts.projectId,
      target: "production",
      readyState: "READY",
      url: `${name}-${uid.toLowerCase().replace(/_/g, "")}.vercel.app`,
      createdAt: (clock += 1000),
      meta: {},
      events: [],
      ...partial,
    };
    deployments.set(uid, d);
    return d;
  }

  // Two events share a timestamp so a `since` that includes its bound would repeat one unless the client skips it.
  function emit(d: FakeDeployment, ...texts: string[]) {
    const created = (clock += 10);
    for (const text of texts) d.events.push({ id: `evt_${d.uid}_${d.events.length + 1}`, created, text });
  }

  /** One step per poll: QUEUED → BUILDING → READY (or ERROR when told); with `buildMs`, READY waits for `readyAt`. */
  function advance(d: FakeDeployment) {
    if (d.readyState === "QUEUED") {
      d.readyState = "BUILDING";
      emit(d, "Cloning github.com/acme/web (Branch: main)", "Running \"npm run build\"");
    } else if (d.readyState === "BUILDING" && (d.readyAt === undefined || Date.now() >= d.readyAt)) {
      if (d.failWith) {
        d.readyState = "ERROR";
        d.errorCode = "BUILD_FAILED";
        d.errorMessage = d.failWith;
        emit(d, `Error: ${d.failWith}`);
      } else {
        d.readyState = "READY";
        emit(d, "Build completed", "Deployment completed");
      }
    }
  }

  const view = (d: FakeDeployment) => ({
    id: d.uid,
    uid: d.uid,
    name: d.name,
    url: d.url,
    readyState: d.readyState,
    state: d.readyState,
    target: d.target,
    projectId: d.projectId,
    createdAt: d.createdAt,
    created: d.createdAt,
    meta: d.meta,
    ...(d.errorMessage ? { errorMessage: d.errorMessage, errorCode: d.errorCode } : {}),
  });

  const send = (res: Reply, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    Object.assign(res, { status, body, headers });
  };
  const fail = (res: Reply, status: number, code: string, message: string, headers?: Record<string, string>) =>
    send(res, status, { error: { code, message } }, headers);

  async function handle(req: http.IncomingMessage, res: Reply) {
    state.requests++;
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    if (state.rateLimitNext) {
      const { retryAfter, reset } = state.rateLimitNext;
      state.rateLimitNext = null;
      const headers: Record<string, string> = {};
      if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
      if (reset !== undefined) headers["x-ratelimit-reset"] = String(reset);
      return fail(res, 429, "rate_limited", "Rate limit exceeded", headers);
    }
    // The reference lists "401: The request is not authorized" and "403: You do not have permission to access this resource".
    if (req.headers.authorization !== `Bearer ${opts.token}`) return fail(res, 401, "forbidden", "Not authorized");
    if ((url.searchParams.get("teamId") ?? undefined) !== opts.teamId) {
      return fail(res, 403, "forbidden", "You don't have permission to access this scope");
    }
    const path = url.pathname;
    const method = req.method ?? "GET";
    let m: RegExpMatchArray | null;

    if (method === "POST" && path === "/v13/deployments") {
      const body = JSON.parse(raw || "{}") as Record<string, unknown>;
      state.createCalls++;
      state.lastCreateBody = body;
      const call: FakeCreateCall = { at: Date.now(), meta: { ...((body.meta as Record<string, string>) ?? {}) }, uid: null };
      state.creates.push(call);
      if (typeof body.name !== "string") return fail(res, 400, "bad_request", "Invalid request: missing required property `name`");
      const from = typeof body.deploymentId === "string" ? deployments.get(body.deploymentId) : undefined;
      if (body.deploymentId !== undefined && !from) return fail(res, 404, "not_found", "Deployment not found");
      const d = add({
        readyState: "QUEUED",
        target: body.target === "production" ? "production" : null,
        projectId: typeof body.project === "string" ? body.project : opts.projectId,
        meta: (body.meta as Record<string, string>) ?? {},
        failWith: state.failNextBuild ?? undefined,
        readyAt: opts.buildMs ? Date.now() + opts.buildMs() : undefined,
      });
      state.failNextBuild = null;
      call.uid = d.uid;
      return send(res, 200, view(d));
    }
    if (method === "GET" && path === "/v6/deployments") {
      const q = url.searchParams;
      const until = q.has("until") ? Number(q.get("until")) : Infinity;
      const all = [...deployments.values()]
        .filter((d) => (!q.get("projectId") || d.projectId === q.get("projectId")) && (!q.get("target") || d.target === q.get("target")))
        .filter((d) => !q.get("state") || q.get("state")!.split(",").includes(d.readyState))
        .filter((d) => d.createdAt < until)
        .sort((a, b) => b.createdAt - a.createdAt);
      const page = all.slice(0, Math.min(Number(q.get("limit") ?? 20), PAGE_SIZE));
      const next = all.length > page.length ? page[page.length - 1].createdAt : null;
      return send(res, 200, { deployments: page.map(view), pagination: { count: page.length, next, prev: null } });
    }
    if ((m = path.match(/^\/v13\/deployments\/([^/]+)$/)) && method === "GET") {
      const d = deployments.get(decodeURIComponent(m[1]));
      if (!d) return fail(res, 404, "not_found", "The deployment could not be found.");
      advance(d);
      return send(res, 200, view(d));
    }
    if ((m = path.match(/^\/v3\/deployments\/([^/]+)\/events$/)) && method === "GET") {
      const d = deployments.get(decodeURIComponent(m[1]));
      if (!d) return fail(res, 404, "not_found", "The deployment could not be found.");
      const since = Number(url.searchParams.get("since") ?? 0); // inclusive, so a client must skip what it saw
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const events = d.events.filter((e) => e.created >= since).slice(0, limit < 0 ? undefined : limit);
      return send(
        res,
        200,
        events.map((e, i) => ({ type: "stdout", created: e.created, payload: { id: e.id, text: e.text, date: e.created, deploymentId: d.uid, serial: String(i) } })),
      );
    }
    if ((m = path.match(/^\/v12\/deployments\/([^/]+)\/cancel$/)) && method === "PATCH") {
      const d = deployments.get(decodeURIComponent(m[1]));
      if (!d) return fail(res, 404, "not_found", "The deployment could not be found.");
      if (d.readyState === "READY" || d.readyState === "ERROR") return fail(res, 400, "bad_request", "The deployment cannot be canceled");
      d.readyState = "CANCELED";
      emit(d, "Canceled");
      return send(res, 200, view(d));
    }
    if ((m = path.match(/^\/v1\/projects\/([^/]+)\/rollback\/([^/]+)$/)) && method === "POST") {
      if (decodeURIComponent(m[1]) !== opts.projectId) return fail(res, 404, "not_found", "Project not found");
      const d = deployments.get(decodeURIComponent(m[2]));
      if (!d || d.readyState !== "READY" || d.target !== "production") return fail(res, 404, "not_found", "Deployment not found");
      state.rollbacks.push({ deploymentId: d.uid, description: url.searchParams.get("description") });
      return send(res, 201);
    }
    return fail(res, 404, "not_found", `No route for ${method} ${path}`);
  }

  async function answer(req: http.IncomingMessage, res: http.ServerResponse) {
    const reply: Reply = { status: 500, headers: {} };
    await handle(req, reply).catch((error: unknown) => fail(reply, 500, "internal_server_error", String(error)));
    const url = new URL(req.url ?? "/", "http://fake");
    await state.beforeAnswer?.({ method: req.method ?? "GET", path: url.pathname, query: url.searchParams, status: reply.status, body: reply.body });
    if (res.destroyed) return;
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end(reply.body === undefined ? "" : JSON.stringify(reply.body));
  }

  const server = await localServer((req, res) => {
    answer(req, res).catch(() => res.destroy());
  });
  return {
    ...server,
    state,
    deployments,
    add,
    /** The next deployment created fails its build with this message. */
    failNextBuild: (message: string) => void (state.failNextBuild = message),
    /** The next request (any endpoint) is answered 429 with these headers. */
    rateLimitNext: (headers: { retryAfter?: number; reset?: number }) => void (state.rateLimitNext = headers),
  };
}
