import type http from "node:http";
import { localServer } from "@/tests/net/local-server";

// A loopback stand-in for Render's deploy endpoints (https://api-docs.render.com): Bearer auth, `{ id, message }`
// errors, cursor pagination (items `{ deploy, cursor }`, limit capped at 2 here), deploys that advance one status per
// poll, cancel and rollback (a new deploy reusing the old one's commit; the previously live one is deactivated).

export type FakeRenderDeploy = {
  id: string;
  status: string;
  trigger: string;
  commit: { id: string; message: string } | null;
  createdAt: string;
  /** Statuses the deploy goes through, one per GET. */
  script: string[];
};

export const FAKE_RENDER_PAGE_SIZE = 2;

export async function fakeRender(opts: { apiKey?: string; serviceId?: string } = {}) {
  const apiKey = opts.apiKey ?? "rnd_fakeApiKey0123456789";
  const serviceId = opts.serviceId ?? "srv-1";
  const deploys: FakeRenderDeploy[] = []; // newest first
  const state = {
    triggers: 0,
    triggerBodies: [] as unknown[],
    rollbacks: [] as string[],
    canceled: [] as string[],
    listCursors: [] as (string | null)[],
    failNextDeploy: null as "build_failed" | "update_failed" | "pre_deploy_failed" | null,
    /** Answer the next trigger with 202 and no body, as Render does when the deploy waits behind another. */
    queueNextTrigger: false,
    once: null as { status: number; headers: Record<string, string>; message: string } | null,
  };
  let counter = 0;
  const cursorOf = (id: string) => Buffer.from(`c:${id}`).toString("base64");

  const freshId = () => {
    let id = `dep-${++counter}`;
    while (deploys.some((d) => d.id === id)) id = `dep-${++counter}`;
    return id;
  };
  const make = (fields: Partial<FakeRenderDeploy> = {}): FakeRenderDeploy => ({
    id: fields.id ?? freshId(),
    status: "created",
    trigger: "api",
    commit: null,
    createdAt: new Date(Date.now() + counter).toISOString(),
    script: [],
    ...fields,
  });
  const view = (d: FakeRenderDeploy) => ({ id: d.id, status: d.status, trigger: d.trigger, commit: d.commit, createdAt: d.createdAt });
  const goLive = (d: FakeRenderDeploy) => {
    for (const other of deploys) if (other !== d && other.status === "live") other.status = "deactivated";
  };

  const send = (res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    if (body === undefined) return res.writeHead(status, headers).end();
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  };
  const fail = (res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    send(res, status, { id: `err-${status}`, message }, headers);

  const readBody = (req: http.IncomingMessage) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"));
        } catch {
          resolve({});
        }
      });
    });

  const server = await localServer(async (req, res) => {
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    if (req.headers.authorization !== `Bearer ${apiKey}`) return fail(res, 401, "unauthorized");
    if (state.once) {
      const { status, headers, message } = state.once;
      state.once = null;
      return fail(res, status, message, headers);
    }
    const parts = url.pathname.split("/").filter(Boolean); // v1 services {id} ...
    const method = req.method ?? "GET";
    if (parts[0] !== "v1" || parts[1] !== "services" || parts[2] !== serviceId) return fail(res, 404, "service not found");
    const find = (id: string) => deploys.find((d) => d.id === id);

    if (parts[3] === "deploys" && parts.length === 4) {
      if (method === "POST") {
        const body = await readBody(req);
        state.triggers++;
        state.triggerBodies.push(body);
        const failure = state.failNextDeploy;
        state.failNextDeploy = null;
        const commitId = typeof body.commitId === "string" ? body.commitId : "head0000";
        const d = make({
          commit: { id: commitId, message: "commit" },
          script: failure ? ["queued", "build_in_progress", failure] : ["queued", "build_in_progress", "update_in_progress", "live"],
        });
        deploys.unshift(d);
        if (state.queueNextTrigger) {
          state.queueNextTrigger = false;
          return send(res, 202);
        }
        return send(res, 201, view(d));
      }
      const limit = Math.min(FAKE_RENDER_PAGE_SIZE, Math.max(1, Number(url.searchParams.get("limit") ?? 20)));
      const cursor = url.searchParams.get("cursor");
      state.listCursors.push(cursor);
      const start = cursor ? deploys.findIndex((d) => cursorOf(d.id) === cursor) + 1 : 0;
      if (cursor && start === 0) return fail(res, 400, "invalid cursor");
      return send(res, 200, deploys.slice(start, start + limit).map((d) => ({ deploy: view(d), cursor: cursorOf(d.id) })));
    }

    if (parts[3] === "deploys" && parts[4]) {
      const d = find(parts[4]);
      if (!d) return fail(res, 404, "deploy not found");
      if (method === "GET" && parts.length === 5) {
        const next = d.script.shift();
        if (next) d.status = next;
        if (d.status === "live") goLive(d);
        return send(res, 200, view(d));
      }
      if (method === "POST" && parts[5] === "cancel") {
        if (!["created", "queued", "build_in_progress", "update_in_progress", "pre_deploy_in_progress"].includes(d.status)) {
          return fail(res, 400, "deploy is not in progress");
        }
        state.canceled.push(d.id);
        Object.assign(d, { status: "canceled", script: [] });
        return send(res, 200, view(d));
      }
    }

    if (method === "POST" && parts[3] === "rollback" && parts.length === 4) {
      const body = await readBody(req);
      const target = typeof body.deployId === "string" ? find(body.deployId) : undefined;
      if (!target) return fail(res, 404, "deploy not found");
      if (!["live", "deactivated"].includes(target.status)) return fail(res, 400, "can only roll back to a deploy that was live");
      state.rollbacks.push(target.id);
      const d = make({ trigger: "rollback", commit: target.commit, status: "created", script: ["update_in_progress", "live"] });
      deploys.unshift(d);
      return send(res, 201, view(d));
    }
    return fail(res, 404, "not found");
  });

  return {
    /** Counters and records: triggers, triggerBodies, rollbacks, canceled, listCursors. */
    state,
    apiKey,
    serviceId,
    deploys,
    apiBase: `${server.url}/v1`,
    seen: server.seen,
    close: server.close,
    /** Adds existing deploys, newest first (as Render lists them). */
    seed(...fields: Partial<FakeRenderDeploy>[]) {
      for (const f of fields) deploys.push(make({ status: "deactivated", ...f }));
    },
    rateLimitOnce(headers: Record<string, string>) {
      state.once = { status: 429, headers, message: "rate limit exceeded" };
    },
    failOnce(status: number, message = "internal server error", headers: Record<string, string> = {}) {
      state.once = { status, headers, message };
    },
  };
}
