import { db } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { NotFoundError } from "../errors";
import { enqueueInTx, outboxState, relayAfterCommit } from "../jobs/enqueue";
import { publishEvents, recordEvent } from "../live/events";
import { guardedFetch, GuardedFetchError } from "../net/guarded-fetch";
import { networkPolicy } from "../settings/instance";
import { log } from "../observability/log";
import { healthUrl } from "./schemas";
import { toConnectionTest } from "./targets";

export const CONNECTION_TEST_EVENT = "connection-test.updated";

/** Creates the row and its outbox job in one transaction; the worker probes the target. */
export async function requestConnectionTest({ ctx, input }: { ctx: Ctx; input: { projectId: string; targetId: string } }) {
  await authorize(ctx, input.projectId, "target.test");
  const { test, event } = await db.$transaction(async (tx) => {
    const target = await tx.target.findFirst({ where: { id: input.targetId, projectId: input.projectId } });
    if (!target) throw new NotFoundError("Target");
    const test = await tx.connectionTest.create({
      data: {
        projectId: input.projectId,
        targetId: target.id,
        url: healthUrl(target.baseUrl, target.healthPath),
        requestedBy: ctx.actor?.type === "user" ? ctx.actor.userId : null,
      },
    });
    await enqueueInTx(tx, "target.probe", test.id, { connectionTestId: test.id });
    await writeAudit(tx, ctx, {
      projectId: input.projectId,
      action: "target.test",
      objectType: "target",
      objectId: target.id,
      after: { connectionTestId: test.id, url: test.url },
    });
    const event = await recordEvent(tx, input.projectId, CONNECTION_TEST_EVENT, toConnectionTest(test, "queued"));
    return { test, event };
  });
  await relayAfterCommit([test.id]);
  // "Waiting for the job queue" is announced only when the relay really did not reach Redis.
  const state = await outboxState(test.id);
  const events = [event];
  if (state === "waiting") events.push(await recordEvent(db, input.projectId, CONNECTION_TEST_EVENT, toConnectionTest(test, "waiting")));
  await publishEvents(events);
  return toConnectionTest(test, state);
}

export async function getConnectionTest({ ctx, input }: { ctx: Ctx; input: { projectId: string; connectionTestId: string } }) {
  await authorize(ctx, input.projectId, "target.read");
  const test = await db.connectionTest.findFirst({ where: { id: input.connectionTestId, projectId: input.projectId } });
  if (!test) throw new NotFoundError("Connection test");
  return toConnectionTest(test, await outboxState(test.id));
}

export async function listConnectionTests({ ctx, input }: { ctx: Ctx; input: { projectId: string; targetId: string } }) {
  await authorize(ctx, input.projectId, "target.read");
  if (!(await db.target.count({ where: { id: input.targetId, projectId: input.projectId } }))) throw new NotFoundError("Target");
  const tests = await db.connectionTest.findMany({
    where: { projectId: input.projectId, targetId: input.targetId },
    orderBy: { createdAt: "desc" },
    take: 20,
  });
  return tests.map((t) => toConnectionTest(t));
}

const PROBE_TIMEOUT_MS = 10_000;
// A health answer is small; anything past this is not read (a hostile target cannot fill the worker's memory).
const PROBE_MAX_BODY_BYTES = 64 * 1024;

/** One GET of a health URL through the guarded client: ok (2xx/3xx), status, latency and the version it reports. */
export async function probe(url: string) {
  const policy = await networkPolicy();
  const started = performance.now();
  try {
    const res = await guardedFetch(url, {
      policy,
      timeoutMs: PROBE_TIMEOUT_MS,
      maxBodyBytes: PROBE_MAX_BODY_BYTES,
      headers: { "user-agent": "T-Minus/1 connection-test" },
    });
    const latencyMs = Math.round(performance.now() - started);
    let version: string | null = null;
    try {
      const json = JSON.parse(res.text());
      if (json && typeof json.version === "string") version = json.version.slice(0, 100);
    } catch {
      /* a health endpoint need not answer JSON */
    }
    const ok = res.status >= 200 && res.status < 400;
    return { ok, httpStatus: res.status, latencyMs, version, error: ok ? null : `Health check answered HTTP ${res.status}` };
  } catch (error) {
    if (!(error instanceof GuardedFetchError)) {
      return { ok: false, httpStatus: null, latencyMs: null, version: null, error: `Could not reach ${url}: ${(error as Error).message}` };
    }
    log.info("probe.failed", { url, code: error.code, address: error.address });
    // The sentence says what to do; the technical code follows it for whoever has to dig further.
    const message = error.code === "refused_by_policy" ? error.message : `${error.message} (${error.code})`;
    return { ok: false, httpStatus: null, latencyMs: null, version: null, error: message };
  }
}

/** The worker's verb for target.probe. Re-running a finished test is a no-op, so a retried job never probes twice. */
export async function runConnectionTest({ ctx, input }: { ctx: Ctx; input: { connectionTestId: string } }) {
  const test = await db.connectionTest.findUnique({ where: { id: input.connectionTestId } });
  if (!test) return null;
  await authorize(ctx, test.projectId, "target.test");
  if (test.status === "succeeded" || test.status === "failed") return toConnectionTest(test);

  const running = await db.$transaction(async (tx) => {
    const row = await tx.connectionTest.update({ where: { id: test.id }, data: { status: "running", startedAt: new Date() } });
    return recordEvent(tx, test.projectId, CONNECTION_TEST_EVENT, toConnectionTest(row));
  });
  await publishEvents([running]);

  const result = await probe(test.url);
  const { row, event } = await db.$transaction(async (tx) => {
    const row = await tx.connectionTest.update({
      where: { id: test.id },
      data: {
        status: result.ok ? "succeeded" : "failed",
        httpStatus: result.httpStatus,
        latencyMs: result.latencyMs,
        version: result.version,
        error: result.error,
        finishedAt: new Date(),
      },
    });
    await writeAudit(tx, ctx, {
      projectId: test.projectId,
      action: "target.test.result",
      objectType: "target",
      objectId: test.targetId,
      after: { connectionTestId: row.id, status: row.status, httpStatus: row.httpStatus, latencyMs: row.latencyMs },
    });
    return { row, event: await recordEvent(tx, test.projectId, CONNECTION_TEST_EVENT, toConnectionTest(row)) };
  });
  await publishEvents([event]);
  return toConnectionTest(row);
}
