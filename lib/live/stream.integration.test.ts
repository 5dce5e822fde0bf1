import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { ROUTES } from "@/lib/api/routes";
import { handle } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { publishEvents, publishTransient, recordEvent } from "@/lib/live/events";
import { projectWithRoles, sessionCookie } from "@/tests/helpers/fixtures";

const route = ROUTES.find((r) => r.id === "events.stream")!;

async function open(projectId: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const req = new NextRequest(`http://localhost:3000/api/v1/projects/${projectId}/events`, { headers, signal: controller.signal });
  const res = await handle(route)(req, { params: Promise.resolve({ projectId }) });
  return { res, controller };
}

/** Reads SSE frames until `count` events arrived: stored ones (with an id) and, with `transient`, those without. */
async function readEvents(res: Response, count: number, { transient = false } = {}) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const events: { id?: string; event: string; data: { type: string; data: Record<string, unknown>; createdAt?: string } }[] = [];
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let idx;
    while ((idx = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      const fields = Object.fromEntries(frame.split("\n").filter((l) => !l.startsWith(":") && l.includes(": ")).map((l) => [l.slice(0, l.indexOf(": ")), l.slice(l.indexOf(": ") + 2)]));
      if (fields.id || (transient && fields.event)) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
    }
  }
  reader.releaseLock();
  return events;
}

async function emit(projectId: string, type: string, data: unknown) {
  const event = await db.$transaction((tx) => recordEvent(tx, projectId, type, data));
  await publishEvents([event]);
  return event;
}

describe("live event stream (SSE)", () => {
  it("pushes a project's events published through Redis to a member", async () => {
    const { project, users } = await projectWithRoles();
    const { res, controller } = await open(project.id, { cookie: await sessionCookie(users.viewer.id) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reading = readEvents(res, 1);
    await new Promise((r) => setTimeout(r, 200));
    const sent = await emit(project.id, "test.ping", { n: 1 });
    const [received] = await reading;
    controller.abort();
    expect(received.id).toBe(sent.id);
    expect(received.event).toBe("test.ping");
    expect(received.data.data).toEqual({ n: 1 });
  });

  it("replays what a client missed after Last-Event-ID, in order, without the one it had", async () => {
    const { project, users } = await projectWithRoles();
    const first = await emit(project.id, "test.step", { n: 1 });
    await emit(project.id, "test.step", { n: 2 });
    await emit(project.id, "test.step", { n: 3 });
    const { res, controller } = await open(project.id, { cookie: await sessionCookie(users.member.id), "last-event-id": first.id });
    const events = await readEvents(res, 2);
    controller.abort();
    expect(events.map((e) => e.data.data.n)).toEqual([2, 3]);
  });

  it("refuses anonymous callers and people outside the project", async () => {
    const { project, outsider } = await projectWithRoles();
    expect((await open(project.id, {})).res.status).toBe(401);
    expect((await open(project.id, { cookie: await sessionCookie(outsider.id) })).res.status).toBe(404);
  });

  it("never delivers another project's events", async () => {
    const a = await projectWithRoles();
    const b = await projectWithRoles();
    const { res, controller } = await open(a.project.id, { cookie: await sessionCookie(a.users.viewer.id) });
    const reading = readEvents(res, 1);
    await new Promise((r) => setTimeout(r, 200));
    await emit(b.project.id, "test.secret", { project: "b" });
    const mine = await emit(a.project.id, "test.mine", { project: "a" });
    const [received] = await reading;
    controller.abort();
    expect(received.id).toBe(mine.id);
  });

  it("starts a fresh stream opened beside others at the newest event, and delivers everything after it", async () => {
    const { project, users } = await projectWithRoles();
    const first = await open(project.id, { cookie: await sessionCookie(users.viewer.id) });
    const firstReading = readEvents(first.res, 2);
    await new Promise((r) => setTimeout(r, 200));
    const before = await emit(project.id, "test.before", { n: 1 });
    // The process already follows this project, so the second stream starts from what the bus has seen.
    const second = await open(project.id, { cookie: await sessionCookie(users.member.id) });
    const secondReading = readEvents(second.res, 1);
    const after = await emit(project.id, "test.after", { n: 2 });
    const [received] = await secondReading;
    second.controller.abort();
    expect(received.id).toBe(after.id);
    expect((await firstReading).map((e) => e.id)).toEqual([before.id, after.id]);
    first.controller.abort();
  });
});

describe("transient live events", () => {
  it("reach open streams without an id, in order with stored events, and are never stored or replayed", async () => {
    const { project, users } = await projectWithRoles();
    const cookie = await sessionCookie(users.viewer.id);
    const { res, controller } = await open(project.id, { cookie });
    const reading = readEvents(res, 3, { transient: true });
    await new Promise((r) => setTimeout(r, 200));
    const before = await emit(project.id, "test.stored", { n: 1 });
    await publishTransient(project.id, "check.result", { n: 2, ok: true });
    const after = await emit(project.id, "test.stored", { n: 3 });
    const events = await reading;
    controller.abort();

    expect(events.map((e) => e.id)).toEqual([before.id, undefined, after.id]);
    const transient = events[1];
    expect(transient.event).toBe("check.result");
    expect(Object.keys(transient.data).sort()).toEqual(["createdAt", "data", "projectId", "type"]);
    expect(transient.data).toMatchObject({ projectId: project.id, type: "check.result", data: { n: 2, ok: true } });
    expect(Number.isNaN(Date.parse(transient.data.createdAt!))).toBe(false);
    expect(await db.liveEvent.count({ where: { projectId: project.id, type: "check.result" } })).toBe(0);

    // A client resuming from the first stored event gets the next stored one first: the transient one is gone.
    const resumed = await open(project.id, { cookie, "last-event-id": before.id });
    const [replayed] = await readEvents(resumed.res, 1, { transient: true });
    resumed.controller.abort();
    expect(replayed.id).toBe(after.id);
  });

  it("never throws at the publisher, whatever it is given", async () => {
    const { project } = await projectWithRoles();
    await expect(publishTransient(project.id, "check.result", { big: 1n })).resolves.toBeUndefined();
    await expect(publishTransient(project.id, "check.result\nid: 999", {})).resolves.toBeUndefined();
  });
});
