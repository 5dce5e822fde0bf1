#!/usr/bin/env node
// The T-Minus command-line client for CI. It reads the server's OpenAPI document and calls operations by their id,
// so it follows the API as it is deployed, with no hand-written URLs. Plain Node 20, no dependencies.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { writeFileSync, readFileSync } from "node:fs";

const USAGE = `Usage: tminus <command> [options]

  release create   --project <id|slug> [--version 1.4.0] [--title T] [--notes N] [--git-ref R] [--commit SHA] [--from-git <range>]
  release preview  --project <id|slug> --from-git <range>
  release changelog --project <id|slug> [--out CHANGELOG.md]
  deploy <release> --target <name|id> --project <id|slug> [--wait] [--timeout 30m] [--reason "…"] [--idempotency-key K]
  deploy status <deployment> --project <id|slug> [--wait] [--timeout 30m]
  qa <kind> --target <name|id> [--settings '<json>' | --settings @file.json] [--profile <name|id>] [--confirm-production]
     [--wait] [--timeout 30m] [--json]
  qa status <QA-12|12|run id> [--wait] [--timeout 30m] [--json]
  call <operationId> [--param name=value ...] [--body '<json>' | --body @file.json]

Environment: TMINUS_URL (e.g. https://tminus.example.com), TMINUS_TOKEN (an API token, tmn_…) and, instead of
--project, TMINUS_PROJECT.
--from-git reads the commits of a revision range from the git repository in the current directory, e.g. v1.3.2..HEAD.
deploy requests a deployment of a release (version or id) and prints what it waits for; --wait follows its steps and
log to the end (at most --timeout: 90s, 30m, 2h; default 30m). A <deployment> is its number (12 or #12) or id.
Without --idempotency-key deploy makes one up; retries after a network error reuse it, so a retry never deploys twice.
qa starts a QA run against a target: <kind> is load, a11y, links, fuzz or devices (with --profile, the profile's
kind; it may be left out). A production target needs --confirm-production: QA traffic reaches its real users.
--wait follows the run's progress and prints its result, what is new, still there and fixed, and the findings that
fail it. Unlike a deployment, a QA run is cancelled when --timeout passes or the command is interrupted (Ctrl-C,
SIGTERM). --json prints the run as JSON on stdout (for a CI artifact); the sentences then go to stderr.
Exit codes: 0 done (deploy: succeeded, or requested without --wait; qa: passed, or queued without --wait); 1 the
server refused or failed (deploy: the deployment failed; qa: the run failed its gate); 2 rolled back; 3 cancelled or
rejected (qa: also when interrupted); 4 --timeout reached (the deployment carries on; a QA run is cancelled);
5 the QA run errored: it could not measure, so it says nothing about the target; 64 bad usage or configuration
(qa: also what the server finds wrong with the arguments, such as --settings or a missing --confirm-production).`;

// Exit codes (sysexits' EX_USAGE for usage, so 2 can mean "rolled back" without ambiguity).
export const EXIT = {
  ok: 0,
  failed: 1,
  rolledBack: 2,
  cancelled: 3,
  timeout: 4,
  // A QA run that errored could not measure (the target did not answer, the network policy refused it, the worker
  // stopped): it says nothing about the product, so CI may retry it or alert someone instead of blaming the change,
  // which is what a failing gate (1) means.
  qaError: 5,
  usage: 64,
};
const BOOLEAN_FLAGS = new Set(["wait", "help", "confirm-production", "json"]);

class UsageError extends Error {}
/** T-Minus could not be reached (or the connection broke before an answer): the request may or may not have arrived. */
class NetworkError extends Error {}
/** The server answered with an error status. */
class ApiError extends Error {
  constructor(result) {
    super(explain(result));
    this.result = result;
  }
}

export function parseArgs(argv) {
  const positional = [];
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (BOOLEAN_FLAGS.has(name)) {
      options[name] = inline === undefined || !/^(false|0|no)$/i.test(inline);
      continue;
    }
    const value = inline ?? argv[++i];
    // "--wiat --target x" must not take "--target" as the value of a typo (write --reason=--x for such a value).
    if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new UsageError(`--${name} needs a value`);
    if (name === "param") (options.param ??= []).push(value);
    else options[name] = value;
  }
  return { positional, options };
}

/** "90s", "30m", "2h", "500ms" or a bare number of seconds, in milliseconds. */
export function parseDuration(text) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(text).trim());
  if (!m || Number(m[1]) <= 0) throw new UsageError(`--timeout "${text}" is not a duration; write e.g. 90s, 30m or 2h`);
  return Math.round(Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? "s"]);
}

/** Commits of a revision range as the API takes them: hash, author, full message. */
export function gitCommits(range, cwd = process.cwd()) {
  const out = execFileSync("git", ["log", "--format=%H%x1f%an%x1f%B%x1e", range], { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return out
    .split("\x1e")
    .map((record) => record.replace(/^\n/, ""))
    .filter((record) => record.trim())
    .map((record) => {
      const [hash, author, message] = record.split("\x1f");
      return { hash, author, message: message.trim() };
    });
}

/** fetch, with a failure to connect (or a connection dropped before the answer) as a NetworkError that says so. */
async function request(url, init) {
  try {
    const res = await fetch(url, init);
    return { res, text: await res.text() };
  } catch (error) {
    const cause = error.cause?.code ?? error.cause?.message ?? error.message;
    throw new NetworkError(`could not reach ${url.origin} (${cause})`);
  }
}

const documents = new Map();
async function operation(base, id) {
  if (!documents.has(base)) {
    const url = new URL("/api/v1/openapi.json", base);
    const { res, text } = await request(url);
    if (!res.ok) throw new Error(`${base} did not serve its OpenAPI document (HTTP ${res.status}); is TMINUS_URL right?`);
    documents.set(base, JSON.parse(text));
  }
  for (const [path, methods] of Object.entries(documents.get(base).paths ?? {})) {
    for (const [method, op] of Object.entries(methods)) if (op.operationId === id) return { path, method: method.toUpperCase(), op };
  }
  throw new UsageError(`The server has no operation "${id}"`);
}

/** Calls an operation by id; params that are not in its path go into the query string. */
export async function call({ base, token, id, params = {}, body }) {
  const { path, method } = await operation(base, id);
  const used = new Set();
  const url = new URL(
    "/api/v1" + path.replace(/\{(\w+)\}/g, (_, name) => {
      if (params[name] === undefined) throw new UsageError(`${id} needs --param ${name}=…`);
      used.add(name);
      return encodeURIComponent(params[name]);
    }),
    base,
  );
  for (const [name, value] of Object.entries(params)) if (!used.has(name) && value !== undefined) url.searchParams.set(name, String(value));
  const { res, text } = await request(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (res.headers.get("content-type") ?? "").includes("application/json") ? JSON.parse(text) : null;
  return { status: res.status, ok: res.ok, text, json };
}

function explain(result) {
  const error = result.json?.error;
  if (!error) return `HTTP ${result.status}: ${result.text.slice(0, 500)}`;
  // A refusal (409) already says everything in its sentence; its issues repeat the parts of it.
  const issues = (error.issues ?? []).filter((i) => result.status !== 409 || !error.message.includes(i.message));
  return `${error.message} [${error.code}, HTTP ${result.status}]${issues.map((i) => `\n  ${i.path}: ${i.message} (${i.rule})`).join("")}`;
}

const compact = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// —— deploy ——

const FINAL = new Set(["succeeded", "failed", "cancelled", "rolled_back"]);
const STATUS_WORDS = {
  requested: "requested",
  awaiting_approval: "waiting for approval",
  approved: "approved",
  queued: "queued",
  running: "running",
  verifying: "verifying health",
  succeeded: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
  rolled_back: "rolled back",
};
const STEP_MARK = { running: "→", succeeded: "✓", failed: "✗", skipped: "–" };
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;
// Retrying a deployment request is safe only because every attempt carries the same idempotency key.
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const POLL_MS = 1000;

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const orList = (items) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`);
function seconds(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
}

function deployClient({ base, token, project, out }) {
  const api = async (id, params = {}, body) => {
    const result = await call({ base, token, id, params: { projectId: project, ...params }, body });
    if (!result.ok) throw new ApiError(result);
    return result.json;
  };
  const urlOf = (d) => `${base.replace(/\/+$/, "")}/projects/${encodeURIComponent(project)}/deployments/${d.id}`;

  /** "waiting for 1 approval from approver or admin — approve at <url>" (the roles come from the target's policy). */
  async function waitingSentence(d) {
    const missing = Math.max(1, d.approvalsRequired - d.approvalsValid);
    const state = await api("targets.deployState", { targetId: d.target.id }).catch(() => null);
    const roles = state?.policy?.approverRoles;
    const from = roles?.length ? ` from ${orList(roles)}` : "";
    return `waiting for ${plural(missing, "approval")}${from} — approve at ${urlOf(d)} (the requester and API tokens cannot approve)`;
  }

  async function describeWait(d) {
    if (d.status === "awaiting_approval") return await waitingSentence(d);
    if (d.status === "queued" || d.status === "approved") {
      const state = await api("targets.deployState", { targetId: d.target.id }).catch(() => null);
      const active = state?.active;
      if (active && active.id !== d.id) return `queued behind #${active.number} (${active.release.version}), which is ${STATUS_WORDS[active.status]} on ${d.target.name}`;
      return "queued: a worker starts it next";
    }
    return STATUS_WORDS[d.status];
  }

  const stepLine = (s) => `${STEP_MARK[s.status] ?? "·"} ${s.label}${s.status === "skipped" ? " (skipped)" : ""}${s.detail ? ` — ${s.detail}` : ""}`;

  function resultLine(d) {
    const took = d.startedAt && d.finishedAt ? ` in ${seconds(Date.parse(d.finishedAt) - Date.parse(d.startedAt))}` : "";
    if (d.status === "succeeded") return `✓ ${d.release.version} is live on ${d.target.name} (deployment #${d.number}${took}).`;
    if (d.status === "failed") return `✗ Deployment #${d.number} failed: ${d.failureReason ?? "no reason recorded"}`;
    if (d.status === "rolled_back") return `✗ Deployment #${d.number} was rolled back${d.rollbackVersion ? ` to ${d.rollbackVersion}` : ""}: ${d.failureReason ?? "no reason recorded"}`;
    if (d.status === "cancelled") return `✗ Deployment #${d.number} was cancelled: ${d.cancelReason ?? "no reason recorded"}`;
    return `Deployment #${d.number} is ${STATUS_WORDS[d.status]}.`;
  }

  const exitOf = (status) => ({ succeeded: EXIT.ok, failed: EXIT.failed, rolled_back: EXIT.rolledBack, cancelled: EXIT.cancelled })[status];

  /** Requests the deployment; a network error or a 5xx/429 is retried with the same idempotency key. */
  async function create(body) {
    for (let attempt = 0; ; attempt++) {
      let result;
      try {
        result = await call({ base, token, id: "deployments.create", params: { projectId: project }, body });
      } catch (error) {
        if (!(error instanceof NetworkError) || attempt >= RETRY_DELAYS_MS.length) throw error;
        out(`T-Minus did not answer (${error.message}); asking again in ${RETRY_DELAYS_MS[attempt] / 1000} s with the same idempotency key, so it cannot deploy twice\n`);
        await sleep(RETRY_DELAYS_MS[attempt]);
        continue;
      }
      if (!result.ok && RETRYABLE_STATUS.has(result.status) && attempt < RETRY_DELAYS_MS.length) {
        out(`T-Minus answered HTTP ${result.status}; asking again in ${RETRY_DELAYS_MS[attempt] / 1000} s with the same idempotency key\n`);
        await sleep(RETRY_DELAYS_MS[attempt]);
        continue;
      }
      if (!result.ok) throw new ApiError(result);
      return result.json;
    }
  }

  /** The target named (or with this id) in the project; a name nobody has is a usage error listing the names. */
  async function resolveTarget(wanted) {
    const targets = await api("targets.list");
    const loosely = targets.filter((t) => t.name.toLowerCase() === wanted.toLowerCase());
    const found = targets.find((t) => t.id === wanted || t.name === wanted) ?? (loosely.length === 1 ? loosely[0] : undefined);
    if (!found) {
      throw new UsageError(`No target "${wanted}" in project ${project}; its targets are: ${targets.map((t) => t.name).join(", ") || "(none)"}`);
    }
    return found;
  }

  /**
   * Follows a deployment to its end: step changes, approvals and log lines as they come (polling every second).
   * Returns the exit code of its result, or EXIT.timeout when the deadline passes first (the deployment carries on).
   */
  async function follow(first, { timeoutMs, announced = false }) {
    const deadline = Date.now() + timeoutMs;
    let d = first;
    let next = 0;
    // What was printed already (deploy prints the status and what it waits for before following).
    let status = announced ? first.status : null;
    let approvals = announced && first.status === "awaiting_approval" ? first.approvalsValid : -1;
    const steps = new Map();
    const decisions = new Set();
    let lostContact = false;

    const printLog = async () => {
      const page = await api("deployments.log", { deploymentId: d.id, after: next });
      for (const line of page.lines) if (line.n >= next) out(`  ${line.text}\n`);
      const before = next;
      next = Math.max(next, page.nextLine, ...page.lines.map((l) => l.n + 1));
      return next !== before;
    };
    const printChanges = async () => {
      // Decisions and waiting first, then the log, then the steps that started or ended: with a poll every second,
      // a step's "→" line comes before its log lines and its "✓" line after them.
      for (const a of d.approvals ?? []) {
        if (decisions.has(a.id)) continue;
        decisions.add(a.id);
        out(a.decision === "approved" ? `✓ approved by ${a.user} (${a.role})${a.reason ? `: ${a.reason}` : ""}\n` : `✗ rejected by ${a.user} (${a.role}): ${a.reason}\n`);
      }
      if (d.status !== status) {
        // Running and verifying show as steps; these have none of their own.
        if (status !== null && ["requested", "approved", "queued"].includes(d.status)) out(`Deployment #${d.number} is ${await describeWait(d)}\n`);
        status = d.status;
        approvals = -1;
      }
      if (d.status === "awaiting_approval" && d.approvalsValid !== approvals) {
        approvals = d.approvalsValid;
        out(`Deployment #${d.number} is ${await waitingSentence(d)}\n`);
      }
      await printLog();
      d.steps.forEach((s, i) => {
        const key = `${i}:${s.name}`;
        if (steps.get(key) === s.status) return;
        steps.set(key, s.status);
        out(`${stepLine(s)}\n`);
      });
    };

    for (;;) {
      try {
        await printChanges();
        if (lostContact) out("Back in contact with T-Minus.\n");
        lostContact = false;
      } catch (error) {
        const transient = error instanceof NetworkError || (error instanceof ApiError && RETRYABLE_STATUS.has(error.result.status));
        if (!transient) throw error;
        if (!lostContact) out(`Lost contact with T-Minus (${error.message}); still following, until the timeout\n`);
        lostContact = true;
      }
      if (FINAL.has(d.status)) {
        // The worker writes its last log lines just after the final status: read until the log stops growing.
        for (let i = 0; i < 5; i++) {
          await sleep(300);
          if (!(await printLog().catch(() => false))) break;
        }
        out(`${resultLine(d)}\n`);
        return exitOf(d.status);
      }
      if (Date.now() >= deadline) {
        const now = d.status === "awaiting_approval" ? await waitingSentence(d).catch(() => STATUS_WORDS[d.status]) : STATUS_WORDS[d.status];
        out(
          `Timed out after ${seconds(timeoutMs)}: deployment #${d.number} is still ${now}.\n` +
            `The deployment was left as it is (not cancelled) and carries on in T-Minus: ${urlOf(d)}\n` +
            `Follow it again with: npx tminus deploy status ${d.number} --wait\n`,
        );
        return EXIT.timeout;
      }
      await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
      try {
        d = await api("deployments.get", { deploymentId: d.id });
      } catch (error) {
        const transient = error instanceof NetworkError || (error instanceof ApiError && RETRYABLE_STATUS.has(error.result.status));
        if (!transient) throw error;
        if (!lostContact) out(`Lost contact with T-Minus (${error.message}); still following, until the timeout\n`);
        lostContact = true;
      }
    }
  }

  return { api, urlOf, create, resolveTarget, follow, describeWait, stepLine, resultLine, exitOf };
}

const DEPLOY_OPTIONS = new Set(["project", "target", "wait", "timeout", "reason", "idempotency-key"]);
const STATUS_OPTIONS = new Set(["project", "wait", "timeout"]);

async function deployCommand({ positional, options, base, token, project, out }) {
  const isStatus = positional[1] === "status";
  const allowed = isStatus ? STATUS_OPTIONS : DEPLOY_OPTIONS;
  const unknown = Object.keys(options).filter((o) => !allowed.has(o));
  if (unknown.length) throw new UsageError(`deploy${isStatus ? " status" : ""} does not take --${unknown.join(", --")}\n\n${USAGE}`);
  const args = positional.slice(isStatus ? 2 : 1);
  if (args.length !== 1) {
    throw new UsageError(isStatus ? "Name one deployment: tminus deploy status <number|id>" : "Name one release to deploy: tminus deploy <version|release id> --target <name|id>");
  }
  if (options.timeout !== undefined && !options.wait) throw new UsageError("--timeout applies only with --wait");
  const timeoutMs = options.timeout === undefined ? 30 * 60_000 : parseDuration(options.timeout);
  const c = deployClient({ base, token, project, out });

  if (isStatus) {
    const d = await c.api("deployments.get", { deploymentId: args[0].replace(/^#/, "") });
    out(`Deployment #${d.number}: ${d.release.version} → ${d.target.name} (${d.target.environment}), ${STATUS_WORDS[d.status]}\n`);
    out(`Requested by ${d.requestedBy} at ${d.createdAt}${d.reason ? `: ${d.reason}` : ""}\n${c.urlOf(d)}\n`);
    if (options.wait) {
      out("\n");
      return c.follow(d, { timeoutMs });
    }
    for (const s of d.steps) out(`${c.stepLine(s)}\n`);
    for (const a of d.approvals) out(`${a.decision === "approved" ? "✓ approved" : "✗ rejected"} by ${a.user} (${a.role}, ${a.state})${a.reason ? `: ${a.reason}` : ""}\n`);
    if (FINAL.has(d.status)) out(`${c.resultLine(d)}\n`);
    else {
      for (const g of d.gates.filter((g) => !g.ok && !g.overridden)) out(`✗ ${g.label}: ${g.reason}\n`);
      out(`Now: ${await c.describeWait(d)}\n`);
    }
    return EXIT.ok;
  }

  if (!options.target) throw new UsageError("--target is required (a target's name or id, e.g. --target production)");
  const key = options["idempotency-key"] ?? `tminus-cli-${randomUUID()}`;
  if (!IDEMPOTENCY_KEY.test(key)) throw new UsageError("--idempotency-key must be 8–200 letters, digits or . _ : -");
  const target = await c.resolveTarget(options.target);
  out(`Requesting ${args[0]} → ${target.name} (idempotency key ${key})\n`);
  const d = await c.create(compact({ targetId: target.id, release: args[0], idempotencyKey: key, reason: options.reason }));
  out(`Deployment #${d.number}: ${d.release.version} → ${d.target.name} (${d.target.environment}), ${STATUS_WORDS[d.status]}\n${c.urlOf(d)}\n`);
  if (!FINAL.has(d.status)) out(`Deployment #${d.number} is ${await c.describeWait(d)}\n`);
  if (!options.wait) {
    if (FINAL.has(d.status)) out(`${c.resultLine(d)}\n`);
    else out(`Not waiting for it (no --wait). Follow it with: npx tminus deploy status ${d.number} --wait\n`);
    return EXIT.ok;
  }
  out("\n");
  return c.follow(await c.api("deployments.get", { deploymentId: d.id }), { timeoutMs, announced: true });
}

// —— qa ——

// Each kind as the run page names it (QA_KIND_LABELS in lib/qa/schemas.ts); this file imports nothing, so they are here.
const QA_KINDS = { load: "load test", a11y: "accessibility", links: "links and smoke", fuzz: "bad-input hammering", devices: "devices" };
const QA_FINAL = new Set(["passed", "failed", "errored", "cancelled"]);
// qa.get answers with the whole run (findings, artifacts, the previous run): every 1.5 s is enough for progress lines.
const QA_POLL_MS = 1500;
// A running run asked to cancel stops at its next check (about a second) and keeps what it measured: wait that long.
const QA_CANCEL_WAIT_MS = 10_000;
const QA_LISTED_FINDINGS = 20;
const QA_OPTIONS = new Set(["project", "target", "settings", "profile", "confirm-production", "wait", "timeout", "json"]);
const QA_STATUS_OPTIONS = new Set(["project", "wait", "timeout", "json"]);

const transient = (error) => error instanceof NetworkError || (error instanceof ApiError && RETRYABLE_STATUS.has(error.result.status));

/** Resolves after ms, or at once when the signal aborts. */
function pause(ms, signal) {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

function qaClient({ base, token, project, say }) {
  // The same calls and target lookup as deploy (api() throws ApiError on an error status).
  const { api, resolveTarget } = deployClient({ base, token, project, out: say });
  const urlOf = (run) => `${base.replace(/\/+$/, "")}/projects/${encodeURIComponent(project)}/qa/${run.id}`;
  /** "QA-7 links and smoke on staging" */
  const nameOf = (run) => `${run.ref} ${QA_KINDS[run.kind] ?? run.kind} on ${run.targetName}`;
  const percent = (run) => `${Math.floor(run.progress * 100)}%`;
  const exitOf = (status) => ({ passed: EXIT.ok, failed: EXIT.failed, cancelled: EXIT.cancelled, errored: EXIT.qaError })[status];

  async function resolveProfile(wanted) {
    const profiles = await api("qaProfiles.list");
    const loosely = profiles.filter((p) => p.name.toLowerCase() === wanted.toLowerCase());
    const found = profiles.find((p) => p.id === wanted || p.name === wanted) ?? (loosely.length === 1 ? loosely[0] : undefined);
    if (!found) {
      throw new UsageError(`No QA profile "${wanted}" in project ${project}; its profiles are: ${profiles.map((p) => p.name).join(", ") || "(none)"}`);
    }
    return found;
  }

  /** Starts the run. Not retried: a QA run has no idempotency key, so asking again could start a second one. */
  async function create(body, targetName) {
    const result = await call({ base, token, id: "qa.create", params: { projectId: project }, body });
    if (result.ok) return result.json;
    const issues = result.json?.error?.issues ?? [];
    const confirm = result.status === 400 && issues.find((i) => i.path === "confirmProduction");
    if (confirm) {
      throw new UsageError(
        `QA against ${targetName} needs --confirm-production: ${confirm.message.replace(/^must be true: /, "")}. ` +
          `Add --confirm-production to the command if that is what you want. [${result.json.error.code}, HTTP ${result.status}]`,
      );
    }
    // Everything in the request comes from the command line (kind, target, profile, --settings): a 400 is bad usage.
    if (result.status === 400) throw new UsageError(explain(result));
    throw new ApiError(result);
  }

  /** A run by its ref (QA-12), number (12, #12) or id. The API reads runs by id; numbers are found in the list. */
  async function find(ref) {
    const m = /^(?:QA-?|#)?(\d+)$/i.exec(ref.trim());
    if (!m) return api("qa.get", { runId: ref });
    const number = Number(m[1]);
    let before;
    for (;;) {
      const page = await api("qa.list", compact({ limit: 200, before }));
      const hit = page.find((r) => r.number === number);
      if (hit) return api("qa.get", { runId: hit.id });
      if (page.length < 200 || page.at(-1).number < number) throw new Error(`No QA run QA-${number} in project ${project}`);
      before = page.at(-1).id;
    }
  }

  function resultLines(run) {
    const took = run.startedAt && run.finishedAt ? ` in ${seconds(Date.parse(run.finishedAt) - Date.parse(run.startedAt))}` : "";
    const summary = run.summary ? `: ${run.summary}` : "";
    const lines = [
      {
        passed: `✓ ${nameOf(run)} passed${took}${summary}`,
        failed: `✗ ${nameOf(run)} failed${took}${summary}`,
        errored: `✗ ${nameOf(run)} errored, so it measured nothing to judge the target by${summary}`,
        cancelled: `✗ ${nameOf(run)} was cancelled${summary}`,
      }[run.status] ?? `${nameOf(run)} is ${run.status}`,
    ];
    const f = run.findings;
    // Only a run that measured to the end is compared with the previous one (an errored or cancelled run says nothing
    // about what was fixed), so only then are its findings new, still there or fixed.
    const compared = run.status === "passed" || run.status === "failed";
    const review = f.needsReview ? `; ${f.needsReview} for a person to review` : "";
    if (compared) lines.push(`Findings: ${f.new} new, ${f.persisting} still there, ${f.fixed} fixed${review}`);
    if (run.status === "passed" && !run.reliable) lines.push(`⚠ The measurement was unreliable: ${run.unreliableReason ?? "see the run"}`);
    const gating = run.findingsList.filter((x) => x.gating && !x.needsReview && x.change !== "fixed");
    if (gating.length && compared) lines.push(`${plural(gating.length, "finding")} ${gating.length === 1 ? "fails" : "fail"} the run:`);
    else if (gating.length) lines.push(`Found before it stopped, ${plural(gating.length, "finding")} that would fail a finished run:`);
    for (const x of gating.slice(0, QA_LISTED_FINDINGS)) {
      lines.push(`  [${x.severity}] ${x.title} — at ${x.location}${!compared ? "" : x.change === "persisting" ? " (still there)" : " (new)"}`);
      // Fuzz findings carry the request that showed the problem, ready to paste.
      if (typeof x.detail?.curl === "string") lines.push(...x.detail.curl.split("\n").map((l) => `      ${l}`));
    }
    if (gating.length > QA_LISTED_FINDINGS) lines.push(`  and ${gating.length - QA_LISTED_FINDINGS} more: ${urlOf(run)}`);
    return lines.join("\n") + "\n";
  }

  /**
   * Follows a run to its end, printing a progress line when the percent or the sentence changes. On --timeout, SIGINT
   * or SIGTERM it cancels the run (nobody waits for its answer any more, and a load test left running still loads the
   * target). Returns the last state of the run and the exit code.
   */
  async function follow(first, { timeoutMs }) {
    const deadline = Date.now() + timeoutMs;
    const interrupted = new AbortController();
    const onSignal = (signal) => {
      // A second Ctrl-C does not wait for the cancellation to be confirmed.
      if (interrupted.signal.aborted) process.exit(EXIT.cancelled);
      interrupted.abort(signal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    try {
      let run = first;
      let shown = null;
      let lostContact = false;
      for (;;) {
        if (run.status === "running") {
          const line = `  ${percent(run)}${run.progressMessage ? ` ${run.progressMessage}` : ""}`;
          if (line !== shown) say(`${line}\n`);
          shown = line;
        }
        if (QA_FINAL.has(run.status)) {
          say(resultLines(run));
          return { run, code: exitOf(run.status) };
        }
        if (interrupted.signal.aborted) return await stop(run, `Interrupted (${interrupted.signal.reason})`, EXIT.cancelled);
        if (Date.now() >= deadline) return await stop(run, `Timed out after ${seconds(timeoutMs)}`, EXIT.timeout);
        await pause(Math.min(QA_POLL_MS, Math.max(0, deadline - Date.now())), interrupted.signal);
        if (interrupted.signal.aborted) continue;
        try {
          run = await api("qa.get", { runId: run.id });
          if (lostContact) say("Back in contact with T-Minus.\n");
          lostContact = false;
        } catch (error) {
          if (!transient(error)) throw error;
          if (!lostContact) say(`Lost contact with T-Minus (${error.message}); still following, until the timeout\n`);
          lostContact = true;
        }
      }
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  }

  /** Cancels the run, says why, and waits a little for it to stop so the result shows what it measured. */
  async function stop(run, why, code) {
    let now;
    try {
      now = await api("qa.cancel", { runId: run.id });
    } catch (error) {
      if (error instanceof ApiError && error.result.status === 409) {
        // It finished between the last look and the cancel: its result stands.
        const done = await api("qa.get", { runId: run.id });
        say(`${why}, but ${run.ref} had just finished.\n${resultLines(done)}`);
        return { run: done, code: exitOf(done.status) };
      }
      say(`${why}, and could not cancel ${run.ref} (${error.message}). Cancel it in T-Minus: ${urlOf(run)}\n`);
      return { run, code };
    }
    const where = run.status === "running" ? `running at ${percent(run)}` : run.status;
    say(`${why}: ${run.ref} was ${where}; cancelled it.\n`);
    for (const until = Date.now() + QA_CANCEL_WAIT_MS; !QA_FINAL.has(now.status) && Date.now() < until; ) {
      await sleep(500);
      now = await api("qa.get", { runId: run.id }).catch(() => now);
    }
    say(QA_FINAL.has(now.status) ? resultLines(now) : `${run.ref} is still stopping; it ends cancelled in T-Minus: ${urlOf(run)}\n`);
    return { run: now, code };
  }

  return { api, urlOf, nameOf, percent, exitOf, resolveTarget, resolveProfile, create, find, resultLines, follow };
}

function qaSettings(text) {
  if (text === undefined) return undefined;
  const raw = text.startsWith("@") ? readFileSync(text.slice(1), "utf8") : text;
  let settings;
  try {
    settings = JSON.parse(raw);
  } catch {
    throw new UsageError(`--settings is not valid JSON; write e.g. --settings '{"maxPages": 20}'`);
  }
  if (settings === null || typeof settings !== "object" || Array.isArray(settings)) throw new UsageError(`--settings must be a JSON object, e.g. '{"maxPages": 20}'`);
  return settings;
}

async function qaCommand({ positional, options, base, token, project, out, err }) {
  const isStatus = positional[1] === "status";
  const allowed = isStatus ? QA_STATUS_OPTIONS : QA_OPTIONS;
  const unknown = Object.keys(options).filter((o) => !allowed.has(o));
  if (unknown.length) throw new UsageError(`qa${isStatus ? " status" : ""} does not take --${unknown.join(", --")}\n\n${USAGE}`);
  const args = positional.slice(isStatus ? 2 : 1);
  if (options.timeout !== undefined && !options.wait) throw new UsageError("--timeout applies only with --wait");
  const timeoutMs = options.timeout === undefined ? 30 * 60_000 : parseDuration(options.timeout);
  // With --json, stdout carries only the run (for a CI artifact); the sentences go to stderr, so the log still has them.
  const say = options.json ? err : out;
  const c = qaClient({ base, token, project, say });
  const finish = ({ run, code }) => {
    if (options.json) out(JSON.stringify(run, null, 2) + "\n");
    return code;
  };

  if (isStatus) {
    if (args.length !== 1) throw new UsageError("Name one QA run: tminus qa status <QA-12|12|run id>");
    const run = await c.find(args[0]);
    say(`${c.nameOf(run)} (${run.environment}), ${run.status}\nRequested by ${run.requestedBy} (${run.trigger}) at ${run.createdAt}\n${c.urlOf(run)}\n`);
    if (options.wait && !QA_FINAL.has(run.status)) return finish(await c.follow(run, { timeoutMs }));
    if (QA_FINAL.has(run.status)) say(c.resultLines(run));
    else if (run.status === "running") say(`  ${c.percent(run)}${run.progressMessage ? ` ${run.progressMessage}` : ""}\n`);
    else say("Queued: a worker starts it next.\n");
    // Like deploy status: it reports and exits 0, but with --wait a finished run exits with its result's code.
    return finish({ run, code: options.wait ? c.exitOf(run.status) : EXIT.ok });
  }

  const kinds = Object.keys(QA_KINDS);
  if (args.length > 1) throw new UsageError(`Name one kind of QA run (${orList(kinds)}), not "${args.join(" ")}"`);
  const [kind] = args;
  if (kind !== undefined && !QA_KINDS[kind]) throw new UsageError(`Unknown kind of QA run "${kind}"; the kinds are ${orList(kinds)}`);
  if (kind === undefined && !options.profile) throw new UsageError(`Name a kind of QA run (${orList(kinds)}) or a --profile, e.g. tminus qa links --target staging`);
  if (!options.target && !options.profile) throw new UsageError("--target is required (a target's name or id, e.g. --target staging)");
  const settings = qaSettings(options.settings);
  const profile = options.profile ? await c.resolveProfile(options.profile) : null;
  if (profile && kind && profile.kind !== kind) throw new UsageError(`Profile "${profile.name}" runs ${profile.kind}, not ${kind}; leave the kind out or name another profile`);
  const target = options.target ? await c.resolveTarget(options.target) : { id: profile.targetId, name: profile.targetName };
  const run = await c.create(
    compact({ targetId: target.id, kind, profileId: profile?.id, settings, confirmProduction: options["confirm-production"] ? true : undefined }),
    target.name,
  );
  say(`${c.nameOf(run)} ${run.status}\n${c.urlOf(run)}\n`);
  if (!options.wait) {
    say(`Not waiting for it (no --wait). Follow it with: npx tminus qa status ${run.ref} --wait\n`);
    return finish({ run, code: EXIT.ok });
  }
  return finish(await c.follow(run, { timeoutMs }));
}

export async function main(argv, env = process.env, out = (s) => process.stdout.write(s), err = (s) => process.stderr.write(s)) {
  try {
    const { positional, options } = parseArgs(argv);
    if (!positional.length || options.help) {
      out(USAGE + "\n");
      return options.help ? EXIT.ok : EXIT.usage;
    }
    const base = env.TMINUS_URL;
    const token = env.TMINUS_TOKEN;
    if (!base || !token) throw new UsageError("Set TMINUS_URL and TMINUS_TOKEN (an API token from the project's API tokens page)");
    const project = () => {
      const p = options.project ?? env.TMINUS_PROJECT;
      if (!p) throw new UsageError("--project is required (a project's slug or id), or set TMINUS_PROJECT");
      return p;
    };
    let request;
    const [command, sub] = positional;
    if (command === "deploy") {
      return await deployCommand({ positional, options, base, token, project: project(), out });
    } else if (command === "qa") {
      return await qaCommand({ positional, options, base, token, project: project(), out, err });
    } else if (command === "release" && (sub === "create" || sub === "preview")) {
      const commits = options["from-git"] ? gitCommits(options["from-git"]) : [];
      const body =
        sub === "preview"
          ? { commits }
          : compact({ version: options.version, title: options.title, notes: options.notes, gitRef: options["git-ref"], commitSha: options.commit, commits });
      request = { id: sub === "create" ? "releases.create" : "releases.preview", params: { projectId: project() }, body };
    } else if (command === "release" && sub === "changelog") {
      request = { id: "releases.changelog", params: { projectId: project() } };
    } else if (command === "call" && sub) {
      const params = Object.fromEntries((options.param ?? []).map((p) => p.split(/=(.*)/s, 2)));
      const raw = options.body?.startsWith("@") ? readFileSync(options.body.slice(1), "utf8") : options.body;
      let body;
      try {
        body = raw === undefined ? undefined : JSON.parse(raw);
      } catch {
        throw new UsageError("--body is not valid JSON");
      }
      request = { id: sub, params, body };
    } else {
      throw new UsageError(`Unknown command "${positional.join(" ")}"\n\n${USAGE}`);
    }
    const result = await call({ base, token, ...request });
    if (!result.ok) {
      err(`tminus: ${explain(result)}\n`);
      return EXIT.failed;
    }
    if (request.id === "releases.changelog" && options.out) {
      writeFileSync(options.out, result.text);
      out(`wrote ${options.out}\n`);
    } else if (request.id === "releases.create") {
      out(`Released ${result.json.version} (${result.json.commitCount} commits)\n\n${result.json.changelog}\n`);
    } else if (request.id === "releases.preview") {
      out(`Next version: ${result.json.suggestion.version} (${result.json.suggestion.reason})\n\n${result.json.changelog}\n`);
    } else {
      out(result.json ? JSON.stringify(result.json, null, 2) + "\n" : result.text);
    }
    return EXIT.ok;
  } catch (error) {
    err(`tminus: ${error.message}\n`);
    return error instanceof UsageError ? EXIT.usage : EXIT.failed;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("/tminus")) {
  process.exitCode = await main(process.argv.slice(2));
}
