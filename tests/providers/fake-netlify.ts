import type http from "node:http";
import { localServer } from "@/tests/net/local-server";

// A loopback stand-in for the parts of the Netlify REST API the adapter uses (https://open-api.netlify.com):
// Bearer auth, `{ code, message }` errors, page/per_page pagination with a Link header (page size capped at 2 here),
// builds that create deploys, deploys that advance one state per poll, restore, lock/unlock and cancel.

export type FakeNetlifyDeploy = {
  id: string;
  site_id: string;
  state: string;
  context: string;
  error_message: string | null;
  deploy_ssl_url: string;
  ssl_url: string;
  locked: boolean;
  /** States the deploy goes through, one per GET /deploys/{id}. */
  script: string[];
};

export const FAKE_NETLIFY_PAGE_SIZE = 2;

export async function fakeNetlify(opts: { token?: string; siteId?: string } = {}) {
  const token = opts.token ?? "nf-token-0123456789";
  const siteId = opts.siteId ?? "site-1";
  const deploys: FakeNetlifyDeploy[] = []; // newest first
  const state = {
    triggers: 0,
    published: null as string | null,
    restored: [] as string[],
    locked: [] as string[],
    unlocked: [] as string[],
    canceled: [] as string[],
    listPages: [] as number[],
    /** The next build fails with this message. */
    failNextBuild: null as string | null,
    once: null as { status: number; headers: Record<string, string>; message: string } | null,
  };
  let counter = 0;

  const make = (fields: Partial<FakeNetlifyDeploy> = {}): FakeNetlifyDeploy => {
    let id = fields.id ?? `dep${++counter}`;
    while (!fields.id && deploys.some((d) => d.id === id)) id = `dep${++counter}`;
    return {
      id,
      site_id: siteId,
      state: "new",
      context: "production",
      error_message: null,
      deploy_ssl_url: `https://${id}--site.netlify.app`,
      ssl_url: "https://site.netlify.app",
      locked: false,
      script: [],
      ...fields,
    };
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  };
  const fail = (res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    send(res, status, { code: status, message }, headers);
  const view = (d: FakeNetlifyDeploy) => {
    const { script: _script, ...rest } = d;
    void _script;
    return rest;
  };

  const server = await localServer((req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    if (!url.pathname.startsWith("/api/v1/")) return res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
    if (req.headers.authorization !== `Bearer ${token}`) return fail(res, 401, "Access Denied");
    if (state.once) {
      const { status, headers, message } = state.once;
      state.once = null;
      return fail(res, status, message, headers);
    }
    const path = url.pathname.slice("/api/v1".length);
    const parts = path.split("/").filter(Boolean);
    const method = req.method ?? "GET";
    const deploy = (id: string) => deploys.find((d) => d.id === id);

    if (parts[0] === "sites") {
      if (parts[1] !== siteId) return fail(res, 404, "Not Found");
      // POST /sites/{site_id}/builds
      if (method === "POST" && parts[2] === "builds" && parts.length === 3) {
        state.triggers++;
        const failure = state.failNextBuild;
        state.failNextBuild = null;
        const d = make({ script: failure ? ["enqueued", "building", "error"] : ["enqueued", "building", "processing", "ready"] });
        if (failure) d.error_message = failure;
        deploys.unshift(d);
        return send(res, 200, { id: `build-${d.id}`, deploy_id: d.id, sha: null, done: false });
      }
      // GET /sites/{site_id}/deploys?page=&per_page=&production=&state=
      if (method === "GET" && parts[2] === "deploys" && parts.length === 3) {
        const page = Math.max(1, Number(url.searchParams.get("page") ?? 1));
        const perPage = Math.min(FAKE_NETLIFY_PAGE_SIZE, Math.max(1, Number(url.searchParams.get("per_page") ?? 100)));
        state.listPages.push(page);
        let list = deploys;
        if (url.searchParams.get("production") === "true") list = list.filter((d) => d.context === "production");
        const wanted = url.searchParams.get("state");
        if (wanted) list = list.filter((d) => d.state === wanted);
        const last = Math.max(1, Math.ceil(list.length / perPage));
        const link = (p: number, rel: string) => {
          const next = new URL(url);
          next.searchParams.set("page", String(p));
          return `<${next}>; rel="${rel}"`;
        };
        const links = [...(page < last ? [link(page + 1, "next")] : []), link(last, "last")];
        return send(res, 200, list.slice((page - 1) * perPage, page * perPage).map(view), { link: links.join(", ") });
      }
      // POST /sites/{site_id}/deploys/{deploy_id}/restore
      if (method === "POST" && parts[2] === "deploys" && parts[4] === "restore") {
        const d = deploy(parts[3]);
        if (!d || d.state !== "ready") return fail(res, 404, "Not Found");
        state.published = d.id;
        state.restored.push(d.id);
        return send(res, 201, view(d));
      }
      return fail(res, 404, "Not Found");
    }

    if (parts[0] === "deploys" && parts[1]) {
      const d = deploy(parts[1]);
      if (!d) return fail(res, 404, "Not Found");
      if (method === "GET" && parts.length === 2) {
        const next = d.script.shift();
        if (next) d.state = next;
        if (d.state === "ready") state.published = d.id;
        return send(res, 200, view(d));
      }
      if (method === "POST" && parts[2] === "cancel") {
        if (d.state === "ready" || d.state === "error") return fail(res, 422, "Deploy is not in progress");
        state.canceled.push(d.id);
        Object.assign(d, { state: "error", error_message: "Canceled build", script: [] });
        return send(res, 201, view(d));
      }
      if (method === "POST" && (parts[2] === "lock" || parts[2] === "unlock")) {
        d.locked = parts[2] === "lock";
        (d.locked ? state.locked : state.unlocked).push(d.id);
        return send(res, 200, view(d));
      }
    }
    return fail(res, 404, "Not Found");
  });

  return {
    /** Counters and records: triggers, restored, locked, unlocked, canceled, listPages, published. */
    state,
    token,
    siteId,
    deploys,
    apiBase: `${server.url}/api/v1`,
    seen: server.seen,
    close: server.close,
    /** Adds existing deploys, newest first (as Netlify lists them). */
    seed(...fields: Partial<FakeNetlifyDeploy>[]) {
      for (const f of fields) deploys.push(make({ state: "ready", ...f }));
    },
    /** The next request (after auth) answers 429 with these headers. */
    rateLimitOnce(headers: Record<string, string>) {
      state.once = { status: 429, headers, message: "Rate limit exceeded" };
    },
    failOnce(status: number, message = "Internal Server Error", headers: Record<string, string> = {}) {
      state.once = { status, headers, message };
    },
  };
}
