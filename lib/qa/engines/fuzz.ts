import { guardedFetch, GuardedFetchError, resolveChecked } from "@/lib/net/guarded-fetch";
import type { NetworkPolicy } from "@/lib/net/policy";
import { fuzzSettings, type TFuzzSettings } from "./fuzz-settings";
import { fingerprint, type Engine, type EngineContext, type EngineFinding, type EngineResult, type FindingSeverity } from "../engine";
import { CASE_HEADER, PROXY_MARK, startFaultProxy, type FaultProxy } from "../fault-proxy";
import { caseUrl, curlCommand, generateCases, type CaseCategory, type FuzzCase } from "../fuzz-cases";
import { createSchemaChecker, findResponse, isJsonMedia, loadOpenApi, targetUrl, type ApiDocument, type ApiOperation, type HttpMethod, type SchemaCheck } from "../openapi";

// Bad-input hammering (issue 9): reads the target's OpenAPI document, sends valid and invalid requests per operation
// and reports what a careful API would not do (5xx, answers that break the document, invalid input accepted, secured
// operations answering without credentials). "faults" mode sends valid GETs through a fault-injecting proxy instead.

// ---- Settings ----

const UNSAFE: HttpMethod[] = ["POST", "PUT", "PATCH", "DELETE"];

export const fuzzEngine: Engine<TFuzzSettings> = { kind: "fuzz", settings: fuzzSettings, run };

async function run(settings: TFuzzSettings, ctx: EngineContext): Promise<EngineResult> {
  try {
    return await runChecked(settings, ctx);
  } catch (error) {
    // Network failures are answers here, never exceptions; anything else is a bug, reported as the run's error.
    const message = error instanceof Error ? error.message : String(error);
    ctx.log("error", `The fuzz engine failed: ${message}`);
    return errorResult(`The fuzz engine failed: ${message}`);
  }
}

async function runChecked(settings: TFuzzSettings, ctx: EngineContext): Promise<EngineResult> {
  const session = new Session(ctx, settings);
  const loaded = session.reserve() ? await loadOpenApi({ baseUrl: ctx.baseUrl, location: settings.openapiPath, policy: ctx.policy, lookup: ctx.lookup, signal: ctx.signal, timeoutMs: settings.requestTimeoutMs }) : undefined;
  if (!loaded) return errorResult(`Stopped before reading the OpenAPI document: ${session.stopReason()}.`);
  if (loaded.ok) for (const warning of loaded.doc.warnings) ctx.log("warn", warning);
  if (settings.mode === "faults") return runFaults(settings, ctx, session, loaded.ok ? loaded.doc : undefined, loaded.ok ? undefined : loaded.reason);
  if (!loaded.ok) return errorResult(loaded.reason);
  return runInputs(settings, ctx, session, loaded.doc);
}

function errorResult(summary: string, metrics: Record<string, unknown> = {}): EngineResult {
  return { outcome: "error", summary, metrics, findings: [], artifacts: [], reliable: false, unreliableReason: summary };
}

// ---- Sending: limits, cancellation and 429 back-off ----

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer; truncated: boolean; ms: number; rateLimited: boolean };
type Failure = { error: string; code: string; ms: number };
type Exchange = Answer | Failure;
type Request = { method: HttpMethod; url: string; headers: Record<string, string>; body?: string };

const MAX_BACKOFF_MS = 5_000;
const MAX_429_RETRIES = 3;
const MAX_RESPONSE_BYTES = 1024 * 1024;
const isFailure = (e: Exchange): e is Failure => "error" in e;

class Session {
  sent = 0;
  rateLimited = 0;
  waitedMs = 0;
  private pausedUntil = 0;
  private capped = false;
  private readonly deadline: number;

  constructor(
    private ctx: EngineContext,
    private settings: TFuzzSettings,
  ) {
    // Return before the runner's hard limit aborts us, so what was found is reported.
    this.deadline = Date.now() + ctx.limits.maxDurationMs - Math.min(2_000, ctx.limits.maxDurationMs * 0.1);
  }

  /** Takes one request from the budget, keeping `keep` for later (the recovery checks of faults mode). */
  reserve(keep = 0): boolean {
    if (this.ctx.signal.aborted || Date.now() >= this.deadline) return false;
    if (this.sent + keep >= this.ctx.limits.maxRequests) {
      this.capped = true;
      return false;
    }
    this.sent++;
    return true;
  }

  stopReason(): string | undefined {
    if (this.ctx.signal.aborted) return "the run was cancelled";
    if (Date.now() >= this.deadline) return `the time limit (${Math.round(this.ctx.limits.maxDurationMs / 1000)} s) was reached`;
    if (this.capped) return `the request cap (${this.ctx.limits.maxRequests}) was reached`;
    return undefined;
  }

  get cancelled() {
    return this.ctx.signal.aborted;
  }

  /** One request already reserved; 429s are retried after a capped back-off, each retry from the budget. */
  async send(req: Request, options: { policy?: NetworkPolicy; keep?: number } = {}): Promise<Exchange> {
    for (let attempt = 0; ; attempt++) {
      await this.waitForPause();
      const exchange = await this.once(req, options.policy ?? this.ctx.policy);
      if (isFailure(exchange) || exchange.status !== 429) return exchange;
      this.rateLimited++;
      if (attempt >= MAX_429_RETRIES || !this.reserve(options.keep)) return { ...exchange, rateLimited: true };
      const wait = backoff(exchange.headers["retry-after"], attempt);
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + wait);
      this.ctx.log("info", `The target answered 429 to ${req.method} ${new URL(req.url).pathname}; waiting ${wait} ms before retrying.`);
    }
  }

  private async once(req: Request, policy: NetworkPolicy): Promise<Exchange> {
    const started = performance.now();
    try {
      const res = await guardedFetch(req.url, {
        policy,
        lookup: this.ctx.lookup,
        signal: this.ctx.signal,
        method: req.method as "GET",
        headers: req.headers,
        body: req.body,
        redirect: "manual",
        maxBodyBytes: MAX_RESPONSE_BYTES,
        timeoutMs: Math.max(1, Math.min(this.settings.requestTimeoutMs, this.deadline - Date.now())),
      });
      return { status: res.status, headers: res.headers, body: res.body, truncated: res.truncated, ms: performance.now() - started, rateLimited: false };
    } catch (error) {
      const e = error instanceof GuardedFetchError ? error : new GuardedFetchError("unknown", String(error), req.url);
      return { error: e.message, code: e.code, ms: performance.now() - started };
    }
  }

  private async waitForPause() {
    const wait = Math.min(this.pausedUntil, this.deadline) - Date.now();
    if (wait <= 0) return;
    this.waitedMs += wait;
    await sleep(wait, this.ctx.signal);
  }
}

/** Retry-After in seconds or as a date, capped; without one, 0.5 s doubling. */
function backoff(header: string | string[] | undefined, attempt: number): number {
  const value = Array.isArray(header) ? header[0] : header;
  let ms = 500 * 2 ** attempt;
  if (value && /^\d+$/.test(value.trim())) ms = Number(value) * 1000;
  else if (value && !Number.isNaN(Date.parse(value))) ms = Date.parse(value) - Date.now();
  return Math.max(50, Math.min(MAX_BACKOFF_MS, ms));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** Runs `work` over the items with at most `concurrency` at once, in order; stops starting new ones when it returns false. */
async function pool<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<boolean>): Promise<void> {
  let next = 0;
  let stop = false;
  const worker = async () => {
    while (!stop && next < items.length) {
      const index = next++;
      if (!(await work(items[index], index))) stop = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

// ---- Inputs mode ----

type Plan = { op: ApiOperation; cases: FuzzCase[] };
type Skipped = { op: string; reason: "unsafe" | "method" | "filter" | "unsupported" };

async function runInputs(settings: TFuzzSettings, ctx: EngineContext, session: Session, doc: ApiDocument): Promise<EngineResult> {
  const { tested, skipped } = selectOperations(doc, settings);
  const check = createSchemaChecker();
  const plans: Plan[] = tested.map((op) => ({ op, cases: generateCases(op, { seed: settings.seed, maxCases: settings.casesPerOperation, maxBodyBytes: settings.maxBodyBytes, check }) }));
  const prefix = `${new URL(ctx.baseUrl).origin}${doc.basePath}`;
  const tasks = plans.flatMap((plan) => plan.cases.map((c, i) => ({ plan, c, nth: i + 1 })));
  ctx.log("info", `${doc.title}: ${doc.operations.length} operations in the document, ${tested.length} to test with ${tasks.length} cases.`);
  if (!tasks.length) return errorResult(`Nothing to test: ${skippedSentence(skipped, doc.operations.length) ?? "the document lists no operation T-Minus can send"}`, { operations: { total: doc.operations.length, skipped } });
  const exchanges: (Exchange | undefined)[] = new Array(tasks.length);
  const doneByOp = new Map<string, number>();
  let done = 0;
  await pool(tasks, settings.concurrency, async ({ plan, c }, index) => {
    if (!session.reserve()) return false;
    exchanges[index] = await session.send({ method: c.method, url: caseUrl(prefix, c), headers: c.headers, body: c.body });
    doneByOp.set(plan.op.id, (doneByOp.get(plan.op.id) ?? 0) + 1);
    ctx.progress(++done / tasks.length, `${plan.op.id}: ${doneByOp.get(plan.op.id)} of ${plan.cases.length} cases`);
    return !session.cancelled;
  });
  // Judged in case order, not completion order, so the first reproducer of a merged finding is the same every run.
  const findings = new FindingSet(prefix);
  tasks.forEach(({ plan, c }, i) => {
    const exchange = exchanges[i];
    if (exchange && !isFailure(exchange)) for (const o of judge(plan.op, c, exchange, check)) findings.add(o, plan.op, c, exchange);
  });
  const result = inputsResult({ settings, session, doc, plans, skipped, tasks: tasks.length, exchanges, findings });
  for (const f of result.findings) ctx.log(f.gating === false ? "info" : "warn", f.title);
  return result;
}

function selectOperations(doc: ApiDocument, settings: TFuzzSettings): { tested: ApiOperation[]; skipped: Skipped[] } {
  const tested: ApiOperation[] = [];
  const skipped: Skipped[] = [];
  const matches = (op: ApiOperation, filters: string[]) => filters.some((f) => filterMatches(f, op));
  for (const op of doc.operations) {
    const reason: Skipped["reason"] | undefined =
      (settings.operations.include.length && !matches(op, settings.operations.include)) || matches(op, settings.operations.exclude)
        ? "filter"
        : !(settings.methods as string[]).includes(op.method)
          ? "method"
          : UNSAFE.includes(op.method) && !settings.allowUnsafeMethods
            ? "unsafe"
            : // guardedFetch sends GET, HEAD, POST, PUT, PATCH and DELETE only.
              op.method === "OPTIONS" || op.method === "TRACE" || (op.body && !op.body.mediaType && op.body.required)
              ? "unsupported"
              : undefined;
    if (reason) skipped.push({ op: op.id, reason });
    else tested.push(op);
  }
  return { tested, skipped };
}

function filterMatches(filter: string, op: ApiOperation): boolean {
  const [method, path] = filter.includes(" ") ? filter.split(/ +/) : [undefined, filter];
  if (method && method.toUpperCase() !== op.method) return false;
  return path.endsWith("*") ? op.path.startsWith(path.slice(0, -1)) : op.path === path;
}

// ---- Judging one answer ----

type Rule = "server-error" | "schema-mismatch" | "undocumented-status" | "invalid-accepted" | "auth-bypass" | "valid-rejected";
type Observation = { rule: Rule; extra?: Record<string, unknown> };
/** A valid request may fairly get these: missing credentials, an id that does not exist, a conflict, a rate limit. */
const FAIR_REFUSALS = new Set([401, 403, 404, 409, 429]);

function judge(op: ApiOperation, c: FuzzCase, answer: Answer, check: (schema: Record<string, unknown>) => SchemaCheck | null): Observation[] {
  if (answer.rateLimited) return []; // the back-off gave up: a rate limit says nothing about the input
  const status = answer.status;
  if (status >= 500) return [{ rule: "server-error" }];
  const out: Observation[] = [];
  const documented = findResponse(op, status);
  if (!documented) out.push({ rule: "undocumented-status", extra: { documented: op.responses.map((r) => r.status) } });
  else if (documented.schema) {
    const errors = schemaErrors(op, answer, documented.schema, check);
    if (errors?.length) out.push({ rule: "schema-mismatch", extra: { ajvErrors: errors.slice(0, 5), errorCount: errors.length } });
  }
  const ok = status >= 200 && status < 300;
  if (ok && c.category === "missing-auth") out.push({ rule: "auth-bypass" });
  else if (ok && c.expect === "reject") out.push({ rule: "invalid-accepted" });
  if (c.expect === "accept" && status >= 400 && status < 500 && !FAIR_REFUSALS.has(status)) out.push({ rule: "valid-rejected" });
  return out;
}

type SchemaError = { instancePath: string; message: string; keyword?: string; params?: unknown };

/** The body against its documented JSON schema; undefined when it cannot be judged (HEAD, cut at the cap, no body expected). */
function schemaErrors(op: ApiOperation, answer: Answer, schema: Record<string, unknown>, check: (schema: Record<string, unknown>) => SchemaCheck | null): SchemaError[] | undefined {
  if (op.method === "HEAD" || answer.status === 204 || answer.status === 304 || answer.truncated) return undefined;
  const validate = check(schema);
  if (!validate) return undefined;
  const type = String(answer.headers["content-type"] ?? "");
  if (!isJsonMedia(type.split(";")[0] || "none")) return [{ instancePath: "", message: `the response's Content-Type is "${type || "none"}", not the JSON its schema documents` }];
  let value: unknown;
  try {
    value = JSON.parse(answer.body.toString("utf8"));
  } catch {
    return [{ instancePath: "", message: "the body is not valid JSON" }];
  }
  return validate(value)?.map((e) => ({ instancePath: e.instancePath || "/", message: e.message ?? e.keyword, keyword: e.keyword, params: e.params }));
}

// ---- Findings ----

const RULES: Record<Rule, { severity: FindingSeverity; gating: boolean; advice: string }> = {
  "server-error": { severity: "critical", gating: true, advice: "Validate the input before using it and answer 4xx with what was wrong; a 5xx on bad input usually hides an unhandled exception." },
  "schema-mismatch": { severity: "serious", gating: true, advice: "Make the response match the documented schema, or correct the document if the response is right: clients are generated from it." },
  // A warning: many real APIs leave some of their 4xx answers undocumented; that is worth fixing, not a failed gate.
  "undocumented-status": { severity: "moderate", gating: false, advice: "Document this status under the operation's responses (or a default response), or stop answering it." },
  "invalid-accepted": { severity: "serious", gating: true, advice: "Reject requests that break the documented schema with a 4xx; accepting them stores data other clients cannot read." },
  "auth-bypass": { severity: "critical", gating: true, advice: "Check credentials before anything else and answer 401 or 403 without them; the document says this operation is secured." },
  "valid-rejected": { severity: "moderate", gating: false, advice: "Check whether the document's examples and constraints are still right: a request built from them was refused." },
};

type Entry = { rule: Rule; op: ApiOperation; c: FuzzCase; answer: Answer; extra?: Record<string, unknown>; count: number; statuses: Record<string, number> };

/** One finding per (rule, operation, case category): the first case is the reproducer, later ones are counted. */
class FindingSet {
  private entries = new Map<string, Entry>();
  constructor(private prefix: string) {}

  add(o: Observation, op: ApiOperation, c: FuzzCase, answer: Answer) {
    const key = `${o.rule}\u0000${op.id}\u0000${c.category}`;
    const entry = this.entries.get(key) ?? { rule: o.rule, op, c, answer, extra: o.extra, count: 0, statuses: {} };
    entry.count++;
    entry.statuses[answer.status] = (entry.statuses[answer.status] ?? 0) + 1;
    this.entries.set(key, entry);
  }

  findings(): EngineFinding[] {
    return [...this.entries.values()].map((e) => this.finding(e));
  }

  private finding(e: Entry): EngineFinding {
    const rule = RULES[e.rule];
    const url = caseUrl(this.prefix, e.c);
    return {
      fingerprint: fingerprint(e.rule, e.op.method, e.op.path, e.c.category),
      rule: e.rule,
      severity: rule.severity,
      title: titleOf(e),
      location: e.op.id,
      advice: rule.advice,
      gating: rule.gating,
      detail: {
        curl: curlCommand(url, e.c),
        status: e.answer.status,
        category: e.c.category,
        case: e.c.label,
        count: e.count,
        statuses: e.statuses,
        expected: expectedOf(e),
        request: { method: e.c.method, url, headers: e.c.headers, bodyBytes: e.c.body === undefined ? 0 : Buffer.byteLength(e.c.body) },
        response: { contentType: e.answer.headers["content-type"] ?? null, bodyPreview: preview(e.answer.body) },
        ...e.extra,
      },
    };
  }
}

function titleOf(e: Entry): string {
  const times = e.count > 1 ? ` (${e.count} cases)` : "";
  const s = e.answer.status;
  switch (e.rule) {
    case "server-error":
      return `${e.op.id} answered ${s} to a ${e.c.category} request${times}`;
    case "schema-mismatch":
      return `${e.op.id} answered ${s} with a body that does not match its documented schema${times}`;
    case "undocumented-status":
      return `${e.op.id} answered ${s}, a status its responses do not document${times}`;
    case "invalid-accepted":
      return `${e.op.id} accepted a ${e.c.category} request with ${s}${times}`;
    case "auth-bypass":
      return `${e.op.id} answered ${s} without valid credentials${times}`;
    case "valid-rejected":
      return `${e.op.id} refused a valid request with ${s}${times}`;
  }
}

function expectedOf(e: Entry): string {
  if (e.rule === "auth-bypass") return "401 or 403";
  if (e.rule === "invalid-accepted") return "a 4xx refusal";
  if (e.rule === "valid-rejected") return "a 2xx (or 401/403/404/409/429)";
  if (e.rule === "undocumented-status") return `one of the documented statuses: ${e.op.responses.map((r) => r.status).join(", ") || "none documented"}`;
  if (e.rule === "schema-mismatch") return "a body matching the documented schema";
  return "no 5xx";
}

function preview(body: Buffer): string {
  const text = body.subarray(0, 300).toString("utf8").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "?");
  return body.length > 300 ? `${text}…` : text;
}

// ---- Inputs mode result ----

type InputsRun = {
  settings: TFuzzSettings;
  session: Session;
  doc: ApiDocument;
  plans: Plan[];
  skipped: Skipped[];
  tasks: number;
  exchanges: (Exchange | undefined)[];
  findings: FindingSet;
};

function inputsResult(r: InputsRun): EngineResult {
  const findings = r.findings.findings();
  const gating = findings.filter((f) => f.gating !== false);
  const sent = r.exchanges.filter((e) => e !== undefined);
  const failures = sent.filter(isFailure);
  const stop = r.session.stopReason();
  const headline = gating.length
    ? `${gating.length} problem${gating.length > 1 ? "s" : ""} over ${sent.length} cases to ${r.plans.length} operations: ${countByRule(gating)}.`
    : `${sent.length} cases to ${r.plans.length} operations: no server errors, every answer matched its documented status and schema, invalid input was refused${r.plans.some((p) => p.op.secured) ? " and secured operations asked for credentials" : ""}.`;
  const notes = [
    findings.length > gating.length ? `${findings.length - gating.length} more to review (valid requests refused; examples may be stale).` : undefined,
    stop && sent.length < r.tasks ? `Stopped after ${sent.length} of ${r.tasks} cases: ${stop}.` : undefined,
    skippedSentence(r.skipped, r.doc.operations.length),
    securedSentence(r.plans),
    r.session.rateLimited ? `The target answered 429 ${r.session.rateLimited} times; T-Minus backed off (Retry-After, at most ${MAX_BACKOFF_MS / 1000} s) and retried, and counted none of them as findings.` : undefined,
    failures.length ? `${failures.length} requests got no answer (first: ${failures[0].error})` : undefined,
  ].filter(Boolean);
  const outcome = gating.length ? "fail" : r.session.cancelled ? "error" : "pass";
  // Cases never sent were never judged: a stop before the end leaves problems unreported and unconfirmed as fixed.
  const unreliable =
    [
      failures.length > sent.length / 2 ? `Most requests got no answer (${failures.length} of ${sent.length}), so most cases were not judged.` : undefined,
      stop && sent.length < r.tasks ? `Only ${sent.length} of ${r.tasks} cases were sent (${stop}), so the rest were not judged.` : undefined,
    ]
      .filter(Boolean)
      .join(" ") || undefined;
  return {
    outcome,
    summary: [headline, ...notes].join(" "),
    metrics: inputsMetrics(r, sent, failures),
    findings,
    artifacts: [],
    reliable: !unreliable,
    ...(unreliable ? { unreliableReason: unreliable } : {}),
  };
}

function countByRule(findings: EngineFinding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts].map(([rule, n]) => `${n} ${rule}`).join(", ");
}

function skippedSentence(skipped: Skipped[], total: number): string | undefined {
  const parts: string[] = [];
  const of = (reason: Skipped["reason"]) => skipped.filter((s) => s.reason === reason);
  const unsafe = of("unsafe");
  if (unsafe.length) {
    parts.push(
      `Skipped ${unsafe.length} of ${total} operations (${list(unsafe.map((s) => s.op))}) because fuzzing POST/PUT/PATCH/DELETE writes data on the target; set allowUnsafeMethods to include them.`,
    );
  }
  if (of("filter").length) parts.push(`${of("filter").length} operations were left out by the operations filters.`);
  if (of("method").length) parts.push(`${of("method").length} operations use methods not in the methods setting.`);
  if (of("unsupported").length) parts.push(`${of("unsupported").length} operations cannot be sent (${list(of("unsupported").map((s) => s.op))}): OPTIONS and TRACE, or a body type other than JSON or a form.`);
  return parts.length ? parts.join(" ") : undefined;
}

function securedSentence(plans: Plan[]): string | undefined {
  const secured = plans.filter((p) => p.op.secured).length;
  if (!secured) return undefined;
  return `${secured} secured operation${secured > 1 ? "s were" : " was"} only checked for answers without credentials (401/403 expected): T-Minus keeps no credentials for the target, so their inputs were not fuzzed.`;
}

const list = (items: string[]) => (items.length > 4 ? `${items.slice(0, 4).join(", ")} and ${items.length - 4} more` : items.join(", "));

function inputsMetrics(r: InputsRun, sent: Exchange[], failures: Failure[]): Record<string, unknown> {
  const statuses: Record<string, number> = {};
  for (const e of sent) if (!isFailure(e)) statuses[e.status] = (statuses[e.status] ?? 0) + 1;
  const byCategory: Partial<Record<CaseCategory, number>> = {};
  for (const plan of r.plans) for (const c of plan.cases) byCategory[c.category] = (byCategory[c.category] ?? 0) + 1;
  return {
    mode: "inputs",
    seed: r.settings.seed,
    document: { source: r.doc.source, openapi: r.doc.openapi, title: r.doc.title, warnings: r.doc.warnings },
    operations: { total: r.doc.operations.length, tested: r.plans.map((p) => ({ operation: p.op.id, cases: p.cases.length, secured: p.op.secured })), skipped: r.skipped },
    cases: { planned: r.tasks, sent: sent.length, byCategory },
    requests: r.session.sent,
    statuses,
    noAnswer: failures.length,
    rateLimited: { answers: r.session.rateLimited, waitedMs: Math.round(r.session.waitedMs) },
    ...(r.session.stopReason() ? { stoppedBecause: r.session.stopReason() } : {}),
  };
}

// ---- Faults mode ----

/** A request repeated through the proxy: a page from settings.pages or a valid GET case. */
type Probe = { label: string; method: "GET" | "HEAD"; template: string; url: string; headers: Record<string, string> };
type ProbeRun = { probe: Probe; exchange: Exchange; caseId: string; before?: Exchange };

// The proxy listens on this machine's loopback only; T-Minus's own requests to it are allowed by this narrow policy.
// The target itself is reached by the proxy through guardedConnect under the run's policy, checked before it starts.
const PROXY_POLICY: NetworkPolicy = { allowLoopback: false, allowPrivate: false, allowLinkLocal: false, allowedCidrs: ["127.0.0.1/32"] };
const FAULT_CASES_PER_OPERATION = 5;
/** Waits before each recovery try: about 3.5 s in all. */
const RECOVERY_WAITS_MS = [0, 500, 1_000, 2_000];

async function runFaults(settings: TFuzzSettings, ctx: EngineContext, session: Session, doc: ApiDocument | undefined, docProblem: string | undefined): Promise<EngineResult> {
  const target = new URL(ctx.baseUrl);
  let address: string;
  try {
    [address] = await resolveChecked(target, { policy: ctx.policy, lookup: ctx.lookup }, ctx.signal, settings.requestTimeoutMs);
  } catch (error) {
    return errorResult(error instanceof GuardedFetchError ? error.message : `Could not resolve ${target.host}: ${String(error)}`);
  }
  if (docProblem) ctx.log("warn", `${docProblem} Faults mode goes on with the pages only.`);
  const probes = faultProbes(settings, ctx.baseUrl, doc);
  const before = await directPass(probes, settings, ctx, session, "Before faults");
  const healthy = before.filter((r) => normal(r.exchange));
  if (!healthy.length) {
    const first = before[0]?.exchange;
    const why = !first ? session.stopReason() : isFailure(first) ? first.error : `GET ${new URL(before[0].probe.url).pathname} answered ${first.status}`;
    return errorResult(`The target did not answer normally before any fault, so recovery cannot be judged: ${why}.`);
  }
  const proxy = await startFaultProxy({
    upstream: { host: target.hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(target.port || (target.protocol === "https:" ? 443 : 80)), address, tls: target.protocol === "https:" },
    faults: { ...settings.faults, seed: settings.seed },
    policy: ctx.policy,
    connectTimeoutMs: settings.requestTimeoutMs,
  });
  let during: ProbeRun[];
  try {
    during = await faultPass(probes, settings, ctx, session, proxy, healthy.length);
  } finally {
    await proxy.close();
  }
  const after = await recoveryPass(healthy, settings, ctx, session);
  const result = faultsResult({ settings, ctx, session, probes, before, during, after, proxy, docProblem });
  for (const f of result.findings) ctx.log("warn", f.title);
  return result;
}

function faultProbes(settings: TFuzzSettings, baseUrl: string, doc: ApiDocument | undefined): Probe[] {
  const host = new URL(baseUrl).host;
  const probes: Probe[] = settings.pages.map((page) => ({ label: `GET ${page}`, method: "GET", template: page, url: targetUrl(baseUrl, page), headers: { host } }));
  if (!doc) return probes;
  const check = createSchemaChecker();
  const prefix = `${new URL(baseUrl).origin}${doc.basePath}`;
  const { tested } = selectOperations(doc, settings);
  // Only reads go through the proxy, whatever allowUnsafeMethods says: a reset POST may or may not have been applied.
  for (const op of tested.filter((o) => o.method === "GET" || o.method === "HEAD")) {
    const cases = generateCases(op, { seed: settings.seed, maxCases: settings.casesPerOperation, maxBodyBytes: settings.maxBodyBytes, check });
    for (const c of cases.filter((x) => x.category === "valid").slice(0, FAULT_CASES_PER_OPERATION)) {
      const url = caseUrl(prefix, c);
      // A page that is also a documented operation is sent once per round.
      if (!probes.some((p) => p.url === url && p.method === op.method)) probes.push({ label: op.id, method: op.method as "GET" | "HEAD", template: op.path, url, headers: { ...c.headers, host } });
    }
  }
  return probes;
}

/** The target as it answers without the proxy: a 5xx or no answer is not normal. */
const normal = (e: Exchange) => !isFailure(e) && e.status < 500;

async function directPass(probes: Probe[], settings: TFuzzSettings, ctx: EngineContext, session: Session, phase: string): Promise<ProbeRun[]> {
  const runs: ProbeRun[] = [];
  await pool(probes, settings.concurrency, async (probe, i) => {
    if (!session.reserve(probes.length)) return false;
    runs[i] = { probe, caseId: `before:${i}`, exchange: await session.send({ method: probe.method, url: probe.url, headers: probe.headers }) };
    ctx.progress((0.1 * (i + 1)) / probes.length, `${phase}: ${i + 1} of ${probes.length} requests`);
    return true;
  });
  return runs.filter(Boolean);
}

async function faultPass(probes: Probe[], settings: TFuzzSettings, ctx: EngineContext, session: Session, proxy: FaultProxy, keep: number): Promise<ProbeRun[]> {
  const rounds = Array.from({ length: settings.faults.rounds }, (_r, round) => probes.map((probe, i) => ({ probe, caseId: `${round + 1}:${i}` }))).flat();
  const runs: ProbeRun[] = [];
  let done = 0;
  await pool(rounds, settings.concurrency, async ({ probe, caseId }, index) => {
    if (!session.reserve(keep)) return false;
    const via = new URL(probe.url);
    const exchange = await session.send(
      { method: probe.method, url: `${proxy.url}${via.pathname}${via.search}`, headers: { ...probe.headers, [CASE_HEADER]: caseId } },
      { policy: PROXY_POLICY, keep },
    );
    runs[index] = { probe, caseId, exchange };
    const round = Number(caseId.split(":")[0]);
    ctx.progress(0.1 + (0.8 * ++done) / rounds.length, `Faults round ${round} of ${settings.faults.rounds}: ${done} of ${rounds.length} requests`);
    return !session.cancelled;
  });
  return runs.filter(Boolean);
}

/**
 * After the faults stop, what answered normally before must answer normally again: at once, or within a few seconds
 * (a supervisor restarting a crashed process gets that long). Each try re-sends only what still fails.
 */
async function recoveryPass(healthy: ProbeRun[], settings: TFuzzSettings, ctx: EngineContext, session: Session): Promise<ProbeRun[]> {
  const latest = new Map<ProbeRun, Exchange>();
  let pending = healthy;
  for (const [attempt, wait] of RECOVERY_WAITS_MS.entries()) {
    if (!pending.length || session.cancelled) break;
    await sleep(wait, ctx.signal);
    await pool(pending, settings.concurrency, async (run) => {
      if (!session.reserve()) return false;
      latest.set(run, await session.send({ method: run.probe.method, url: run.probe.url, headers: run.probe.headers }));
      return true;
    });
    pending = pending.filter((run) => !latest.has(run) || !recovered(run, latest.get(run)!));
    ctx.progress(0.9 + (0.1 * (attempt + 1)) / RECOVERY_WAITS_MS.length, `After faults: ${healthy.length - pending.length} of ${healthy.length} requests answered normally`);
  }
  return healthy.filter((run) => latest.has(run)).map((run, i) => ({ probe: run.probe, caseId: `after:${i}`, exchange: latest.get(run)!, before: run.exchange }));
}

/** Answering again as before: the same class of status (a page that was 200 and is now 404 has not recovered). */
function recovered(before: ProbeRun, after: Exchange): boolean {
  return !isFailure(after) && !isFailure(before.exchange) && Math.floor(after.status / 100) === Math.floor(before.exchange.status / 100);
}

type FaultsRun = {
  settings: TFuzzSettings;
  ctx: EngineContext;
  session: Session;
  probes: Probe[];
  before: ProbeRun[];
  during: ProbeRun[];
  after: ProbeRun[];
  proxy: FaultProxy;
  docProblem?: string;
};

function faultsResult(r: FaultsRun): EngineResult {
  const findings = [...noRecovery(r), ...serverErrorsUnderFaults(r)];
  const stats = r.proxy.stats;
  const latency = { beforeP50Ms: p50(r.before), duringP50Ms: p50(r.during), afterP50Ms: p50(r.after) };
  const faulted = stats.requests - stats.byFault.clean;
  const stop = r.session.stopReason();
  // Stopped early, some rounds or recovery checks were never sent: a clean result covers only part of the plan.
  const unreliableReason = stop
    ? `The faults run stopped early (${stop}): ${r.during.length} of ${r.settings.faults.rounds * r.probes.length} requests went through the fault proxy and ${r.after.length} of ${r.before.filter((b) => normal(b.exchange)).length} recovery checks were made, so what was not sent was not judged.`
    : undefined;
  const headline = findings.length
    ? `${findings.length} problem${findings.length > 1 ? "s" : ""} under partial network failure: ${countByRule(findings)}.`
    : `The target kept answering through ${stats.requests} requests with ${faulted} faults (resets and cut responses) and answered normally afterwards.`;
  const notes = [
    `p50 latency ${fmtMs(latency.beforeP50Ms)} before, ${fmtMs(latency.duringP50Ms)} through the proxy, ${fmtMs(latency.afterP50Ms)} after.`,
    r.docProblem ? `The OpenAPI document could not be used (${r.docProblem}), so only the pages were sent.` : undefined,
    stop ? `Stopped early: ${stop}.` : undefined,
  ].filter(Boolean);
  return {
    outcome: findings.length ? "fail" : r.session.cancelled ? "error" : "pass",
    summary: [headline, ...notes].join(" "),
    metrics: {
      mode: "faults",
      seed: r.settings.seed,
      probes: r.probes.map((p) => p.label + (p.label.endsWith(p.template) ? "" : ` ${new URL(p.url).pathname}`)),
      faults: { requests: stats.requests, byFault: stats.byFault, addedDelayMsTotal: stats.delayMsTotal, upstreamUnreachable: stats.upstreamErrors },
      targetAnswered: answeredByFault(r),
      clientSaw: clientView(r.during),
      latency,
      recovered: !findings.some((f) => f.rule === "no-recovery"),
      requests: r.session.sent,
      rateLimited: { answers: r.session.rateLimited, waitedMs: Math.round(r.session.waitedMs) },
    },
    findings,
    artifacts: [],
    reliable: !unreliableReason,
    ...(unreliableReason ? { unreliableReason } : {}),
  };
}

function noRecovery(r: FaultsRun): EngineFinding[] {
  const failed = r.after.filter((run) => !run.before || !recovered({ ...run, exchange: run.before }, run.exchange));
  const unchecked = r.before.filter((b) => normal(b.exchange) && !r.after.some((a) => a.probe === b.probe));
  if (!failed.length || r.session.cancelled) return [];
  const first = failed[0];
  const describe = (e: Exchange) => (isFailure(e) ? e.error : `answered ${e.status}`);
  return [
    {
      fingerprint: fingerprint("no-recovery", "GET", new URL(r.ctx.baseUrl).pathname, "faults"),
      rule: "no-recovery",
      severity: "critical",
      title: `The target stopped answering normally after partial network failure (${first.probe.label}: ${describe(first.exchange)})`,
      location: r.ctx.baseUrl,
      advice: "Look for what an aborted client or a slow reader leaves behind: an unhandled EPIPE/ECONNRESET that crashes the process, a worker stuck writing, connections never released. It recovered neither at once nor within a few seconds.",
      gating: true,
      detail: {
        curl: probeCurl(first.probe),
        status: isFailure(first.exchange) ? null : first.exchange.status,
        error: isFailure(first.exchange) ? first.exchange.error : undefined,
        failed: failed.map((f) => ({ request: f.probe.label, url: f.probe.url, after: describe(f.exchange), before: f.before ? describe(f.before) : null })),
        notChecked: unchecked.length,
        attempts: RECOVERY_WAITS_MS.length,
      },
    },
  ];
}

function serverErrorsUnderFaults(r: FaultsRun): EngineFinding[] {
  const byCase = new Map(r.during.map((run) => [run.caseId, run]));
  const baseline5xx = new Set(r.before.filter((b) => !isFailure(b.exchange) && b.exchange.status >= 500).map((b) => b.probe));
  const merged = new Map<string, { run: ProbeRun; status: number; count: number; faults: Record<string, number> }>();
  for (const record of r.proxy.stats.log) {
    const run = record.caseId ? byCase.get(record.caseId) : undefined;
    // A 5xx the target also gives without faults is the inputs mode's business; the proxy's own 502s are not the target's.
    if (!run || record.upstreamError || record.status === undefined || record.status < 500 || baseline5xx.has(run.probe)) continue;
    const key = `${run.probe.method} ${run.probe.template}`;
    const entry = merged.get(key) ?? { run, status: record.status, count: 0, faults: {} };
    entry.count++;
    entry.faults[record.fault] = (entry.faults[record.fault] ?? 0) + 1;
    merged.set(key, entry);
  }
  return [...merged.values()].map(({ run, status, count, faults }) => ({
    fingerprint: fingerprint("server-error-under-faults", run.probe.method, run.probe.template, "faults"),
    rule: "server-error-under-faults",
    severity: "serious" as const,
    title: `${run.probe.label} answered ${status} while clients were slow or dropping connections${count > 1 ? ` (${count} times)` : ""}`,
    location: run.probe.label,
    advice: "It answers normally without faults: look for shared state that an aborted or slow request leaves broken (a pool, a lock, a half-written cache entry).",
    gating: true,
    detail: {
      curl: probeCurl(run.probe),
      status,
      count,
      faults,
    },
  }));
}

/** The probe sent straight to the target (its Host header is the URL's own). */
function probeCurl(probe: Probe): string {
  const headers = Object.fromEntries(Object.entries(probe.headers).filter(([name]) => name !== "host"));
  return curlCommand(probe.url, { method: probe.method, headers, category: "valid", expect: "accept", label: probe.label, path: "", query: [] });
}

function answeredByFault(r: FaultsRun): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const record of r.proxy.stats.log) {
    const answer = record.upstreamError ? "unreachable" : record.status === undefined ? "no answer" : String(record.status);
    out[record.fault] ??= {};
    out[record.fault][answer] = (out[record.fault][answer] ?? 0) + 1;
  }
  return out;
}

function clientView(runs: ProbeRun[]): Record<string, number> {
  const out: Record<string, number> = { answered: 0, noAnswer: 0, proxyUnreachable: 0 };
  for (const { exchange } of runs) {
    if (isFailure(exchange)) out.noAnswer++;
    else if (exchange.headers[PROXY_MARK]) out.proxyUnreachable++;
    else out.answered++;
  }
  return out;
}

/** Of the requests that got an answer: a refused connection is fast and would flatter the figure. */
function p50(runs: ProbeRun[]): number | null {
  const ms = runs
    .filter((r) => !isFailure(r.exchange) && !r.exchange.headers[PROXY_MARK])
    .map((r) => r.exchange.ms)
    .sort((a, b) => a - b);
  return ms.length ? Math.round(ms[Math.floor((ms.length - 1) / 2)]) : null;
}

const fmtMs = (ms: number | null) => (ms === null ? "n/a" : `${ms} ms`);
