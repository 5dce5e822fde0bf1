import type http from "node:http";
import { localServer } from "@/tests/net/local-server";

// A local stand-in for the GitHub Actions REST API (2022-11-28): workflow dispatch, run list, run, cancel.
// Each GET of a run moves it one step: queued → in_progress → completed (with `nextConclusion` at dispatch time).

export type FakeRun = {
  id: number;
  run_number: number;
  workflow: string;
  head_branch: string;
  event: "workflow_dispatch";
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  created_at: string;
  html_url: string;
  inputs: Record<string, unknown>;
  gets: number;
};

export type FakeRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: unknown };

export type FakeGitHubActionsOptions = {
  token?: string;
  owner?: string;
  repo?: string;
  workflows?: string[];
  refs?: string[];
  /** Path prefix, as on GitHub Enterprise Server ("/api/v3"). */
  prefix?: string;
};

const DOCS = "https://docs.github.com/rest";

export async function fakeGitHubActions(opts: FakeGitHubActionsOptions = {}) {
  const token = opts.token ?? "ghp_fakeActionsToken123";
  const owner = opts.owner ?? "acme";
  const repo = opts.repo ?? "shop";
  const workflows = new Set(opts.workflows ?? ["deploy.yml"]);
  const refs = new Set(opts.refs ?? ["main"]);
  const prefix = opts.prefix ?? "";
  const state = {
    runs: new Map<number, FakeRun>(),
    requests: [] as FakeRequest[],
    dispatchCount: 0,
    /** Conclusion of runs dispatched from now on. */
    nextConclusion: "success" as "success" | "failure",
    /** false: answer 204 without run details (GitHub before 2026-02, or an older GHES). */
    returnRunDetails: true,
    /** An older GHES that rejects the unknown return_run_details field with 422. */
    rejectReturnRunDetails: false,
    /** Every request is refused as over a rate limit: "429" with Retry-After, "403" primary limit (remaining 0 + reset). */
    rateLimit: null as null | "429" | "403",
    /** A misbehaving server that echoes the Authorization header in its error messages (to test redaction). */
    echoAuthInErrors: false,
  };
  let nextId = 9_000_001;

  const send = (res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const fail = (res: http.ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    send(res, status, { message, documentation_url: DOCS, status: String(status) }, headers);

  function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const url = new URL(req.url ?? "/", "http://fake");
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      return fail(res, 400, "Problems parsing JSON");
    }
    state.requests.push({ method: req.method ?? "", path: url.pathname + url.search, headers: req.headers, body });
    const auth = req.headers.authorization ?? "";
    if (state.rateLimit === "429") return fail(res, 429, "You have exceeded a secondary rate limit.", { "retry-after": "7" });
    if (state.rateLimit === "403") {
      const reset = String(Math.floor(Date.now() / 1000) + 30);
      return fail(res, 403, "API rate limit exceeded for user ID 1.", { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset });
    }
    if (auth !== `Bearer ${token}`) return fail(res, 401, state.echoAuthInErrors ? `Bad credentials: ${auth}` : "Bad credentials");
    if (!url.pathname.startsWith(prefix)) return fail(res, 404, "Not Found");
    const parts = url.pathname.slice(prefix.length).split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== "repos" || parts[1] !== owner || parts[2] !== repo || parts[3] !== "actions") return fail(res, 404, "Not Found");
    const [kind, id, action] = parts.slice(4);

    if (kind === "workflows") {
      if (!workflows.has(id)) return fail(res, 404, "Not Found");
      if (req.method === "POST" && action === "dispatches") {
        const b = (body ?? {}) as { ref?: string; inputs?: Record<string, unknown>; return_run_details?: boolean };
        if (b.return_run_details !== undefined && state.rejectReturnRunDetails) {
          return fail(res, 422, 'Invalid request.\n\n"return_run_details" is not a permitted key.');
        }
        if (!b.ref || !refs.has(b.ref)) return fail(res, 422, `No ref found for: ${b.ref ?? ""}`);
        state.dispatchCount++;
        const runId = nextId++;
        const run: FakeRun = {
          id: runId,
          run_number: state.runs.size + 1,
          workflow: id,
          head_branch: b.ref,
          event: "workflow_dispatch",
          status: "queued",
          conclusion: null,
          created_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
          html_url: `https://github.com/${owner}/${repo}/actions/runs/${runId}`,
          inputs: b.inputs ?? {},
          gets: 0,
        };
        run.conclusion = state.nextConclusion; // revealed once completed
        state.runs.set(runId, run);
        if (b.return_run_details && state.returnRunDetails) {
          const apiRun = `http://${req.headers.host}${prefix}/repos/${owner}/${repo}/actions/runs/${runId}`;
          return send(res, 200, { workflow_run_id: runId, run_url: apiRun, html_url: run.html_url });
        }
        return send(res, 204);
      }
      if (req.method === "GET" && action === "runs") {
        const created = url.searchParams.get("created")?.replace(/^>=/, "");
        const runs = [...state.runs.values()]
          .filter((r) => r.workflow === id)
          .filter((r) => !url.searchParams.get("event") || r.event === url.searchParams.get("event"))
          .filter((r) => !url.searchParams.get("branch") || r.head_branch === url.searchParams.get("branch"))
          .filter((r) => !created || Date.parse(r.created_at) >= Date.parse(created))
          .sort((a, b) => b.id - a.id);
        return send(res, 200, { total_count: runs.length, workflow_runs: runs.map(view) });
      }
      return fail(res, 404, "Not Found");
    }
    if (kind === "runs") {
      const run = state.runs.get(Number(id));
      if (!run) return fail(res, 404, "Not Found");
      if (req.method === "GET" && !action) {
        if (run.status !== "completed") {
          run.status = run.gets === 0 ? "queued" : run.gets === 1 ? "in_progress" : "completed";
          run.gets++;
        }
        return send(res, 200, view(run));
      }
      if (req.method === "POST" && action === "cancel") {
        if (run.status === "completed") return fail(res, 409, "Cannot cancel a workflow run that is completed.");
        run.status = "completed";
        run.conclusion = "cancelled";
        return send(res, 202, {});
      }
    }
    return fail(res, 404, "Not Found");
  }

  // The conclusion is hidden until the run completes, as on GitHub.
  const view = (r: FakeRun) => {
    const { id, run_number, head_branch, event, status, created_at, html_url } = r;
    return { id, run_number, head_branch, event, status, conclusion: status === "completed" ? r.conclusion : null, created_at, html_url };
  };

  const server = await localServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => handle(req, res, raw));
  });
  return { ...server, token, owner, repo, state, apiBase: `${server.url}${prefix}` };
}

export type FakeGitHubActions = Awaited<ReturnType<typeof fakeGitHubActions>>;
