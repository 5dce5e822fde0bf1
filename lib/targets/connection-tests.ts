import { db } from "../db";
import { authorize, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { NotFoundError } from "../errors";
import { enqueueInTx, outboxState, relayAfterCommit } from "../jobs/enqueue";
import { publishEvents, recordEvent } from "../live/events";
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
    const event = await recordEvent(tx, input.projectId, CONNECTION_TEST_EVENT, toConnectionTest(test, "waiting"));
    return { test, event };
  });
  await publishEvents([event]);
  await relayAfterCommit([test.id]);
  return toConnectionTest(test, await outboxState(test.id));
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

async function probe(url: string) {
  const started = performance.now();
  try {
    const res = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), headers: { "user-agent": "T-Minus/1 connection-test" } });
    const latencyMs = Math.round(performance.now() - started);
    const body = await res.text().catch(() => "");
    let version: string | null = null;
    try {
      const json = JSON.parse(body);
      if (json && typeof json.version === "string") version = json.version.slice(0, 100);
    } catch {
      /* a health endpoint need not answer JSON */
    }
    const ok = res.status >= 200 && res.status < 400;
    return { ok, httpStatus: res.status, latencyMs, version, error: ok ? null : `Health check answered HTTP ${res.status}` };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    const reason = e.name === "TimeoutError" ? `No answer within ${PROBE_TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.message);
    return { ok: false, httpStatus: null, latencyMs: null, version: null, error: `Could not reach ${url}: ${reason}` };
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
