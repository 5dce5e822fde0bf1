import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { ROUTES } from "@/lib/api/routes";
import { handle } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { redis } from "@/lib/redis";
import { publishEvents, recordEvent } from "@/lib/live/events";
import { MAX_QUEUED_BYTES } from "@/lib/live/stream";
import { MAX_STREAMS_PER_ACTOR, streamSlotsKey } from "@/lib/live/slots";
import { removeMember, updateMemberRole } from "@/lib/members/members";
import { createToken, revokeToken } from "@/lib/tokens/tokens";
import { projectWithRoles, sessionCookie, uid, userCtx } from "@/tests/helpers/fixtures";
import { waitFor } from "@/tests/helpers/wait";

const route = ROUTES.find((r) => r.id === "events.stream")!;

async function open(projectId: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const req = new NextRequest(`http://localhost:3000/api/v1/projects/${projectId}/events`, { headers, signal: controller.signal });
  const res = await handle(route)(req, { params: Promise.resolve({ projectId }) });
  return { res, close: () => controller.abort() };
}

/** Reads the stream until `until` appears in it, or to its end; returns the text and whether the stream ended. */
async function readUntil(res: Response, until: (text: string) => boolean) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      reader.releaseLock();
      return { text, ended: true };
    }
    text += decoder.decode(value, { stream: true });
    if (until(text)) {
      reader.releaseLock();
      return { text, ended: false };
    }
  }
}
const connected = (t: string) => t.includes(": connected");
const toEnd = () => false;

async function emit(projectId: string, type: string, data: unknown) {
  const event = await db.$transaction((tx) => recordEvent(tx, projectId, type, data));
  await publishEvents([event]);
  return event;
}

describe("live stream access is re-checked while streaming", () => {
  it("ends a removed member's open stream with access-revoked, and keeps the others", async () => {
    const { project, users } = await projectWithRoles();
    const viewer = await open(project.id, { cookie: await sessionCookie(users.viewer.id) });
    const member = await open(project.id, { cookie: await sessionCookie(users.member.id) });
    await readUntil(viewer.res, connected);
    await readUntil(member.res, connected);

    await removeMember({ ctx: userCtx(users.admin), input: { projectId: project.id, userId: users.viewer.id } });
    const after = await readUntil(viewer.res, toEnd);
    expect(after.ended).toBe(true);
    expect(after.text).toContain("event: access-revoked");

    const sent = await emit(project.id, "test.after", { n: 1 });
    const still = await readUntil(member.res, (t) => t.includes(`id: ${sent.id}`));
    member.close();
    expect(still.text).not.toContain("access-revoked");
  });

  it("re-checks after a role change and keeps the stream while the new role may still follow", async () => {
    const { project, users } = await projectWithRoles();
    const viewer = await open(project.id, { cookie: await sessionCookie(users.viewer.id) });
    await readUntil(viewer.res, connected);
    // Every role may follow a project today, so a role change keeps the stream; it still re-checks and stays open.
    await updateMemberRole({ ctx: userCtx(users.admin), input: { projectId: project.id, userId: users.viewer.id, patch: { role: "member" } } });
    const sent = await emit(project.id, "test.after", { n: 2 });
    const still = await readUntil(viewer.res, (t) => t.includes(`id: ${sent.id}`));
    viewer.close();
    expect(still.text).not.toContain("access-revoked");
  });

  it("ends a revoked token's open stream", async () => {
    const { project, users } = await projectWithRoles();
    const token = await createToken({ ctx: userCtx(users.admin), input: { projectId: project.id, data: { name: `live-${uid()}`, role: "viewer" } } });
    const stream = await open(project.id, { authorization: `Bearer ${token.token}` });
    expect(stream.res.status).toBe(200);
    await readUntil(stream.res, connected);
    await revokeToken({ ctx: userCtx(users.admin), input: { projectId: project.id, tokenId: token.id } });
    const after = await readUntil(stream.res, toEnd);
    expect(after).toMatchObject({ ended: true, text: expect.stringContaining("event: access-revoked") });
    expect(after.text).toContain("revoked");
  });

  it("ends every open stream of a revoked token, however many share its re-check", async () => {
    const { project, users } = await projectWithRoles();
    const token = await createToken({ ctx: userCtx(users.admin), input: { projectId: project.id, data: { name: `live-${uid()}`, role: "viewer" } } });
    const streams = await Promise.all(Array.from({ length: 3 }, () => open(project.id, { authorization: `Bearer ${token.token}` })));
    for (const s of streams) await readUntil(s.res, connected);
    await revokeToken({ ctx: userCtx(users.admin), input: { projectId: project.id, tokenId: token.id } });
    for (const s of streams) expect(await readUntil(s.res, toEnd)).toMatchObject({ ended: true, text: expect.stringContaining("was revoked") });
  });

  it("ends a token's stream when the token expires, without anyone announcing it", async () => {
    const { project, users } = await projectWithRoles();
    const token = await createToken({ ctx: userCtx(users.admin), input: { projectId: project.id, data: { name: `live-${uid()}`, role: "viewer" } } });
    await db.apiToken.update({ where: { id: token.id }, data: { expiresAt: new Date(Date.now() + 3000) } });
    const stream = await open(project.id, { authorization: `Bearer ${token.token}` });
    const after = await readUntil(stream.res, toEnd);
    expect(after).toMatchObject({ ended: true, text: expect.stringContaining("event: access-revoked") });
    expect(after.text).toContain("expired");
  });
});

describe("open streams per caller", () => {
  it(`answers 429 past ${MAX_STREAMS_PER_ACTOR} streams, counting other web processes, and frees a slot when a stream closes`, async () => {
    const { project, users } = await projectWithRoles();
    const cookie = await sessionCookie(users.viewer.id);
    const key = streamSlotsKey(`user:${users.viewer.id}`);
    // Streams held by other web processes, plus one whose process died (its slot lapsed) and no longer counts.
    const others = Array.from({ length: MAX_STREAMS_PER_ACTOR - 1 }, (_, i) => [Date.now() + 60_000, `elsewhere-${i}`] as const);
    await redis().zadd(key, ...others.flat(), Date.now() - 1000, "crashed");
    const mine = await open(project.id, { cookie });
    expect(mine.res.status).toBe(200);
    await readUntil(mine.res, connected);

    const refused = await open(project.id, { cookie });
    expect(refused.res.status).toBe(429);
    const body = await refused.res.json();
    expect(body.error.code).toBe("too_many_streams");
    expect(body.error.message).toMatch(/20 live streams open; close some/);
    // Another caller is not affected.
    const other = await open(project.id, { cookie: await sessionCookie(users.member.id) });
    expect(other.res.status).toBe(200);
    other.close();

    mine.close();
    expect(await waitFor(() => redis().zcard(key), (n) => n < MAX_STREAMS_PER_ACTOR)).toBe(MAX_STREAMS_PER_ACTOR - 1);
    const again = await open(project.id, { cookie });
    expect(again.res.status).toBe(200);
    again.close();
    await redis().del(key);
  });
});

describe("clients that do not read", () => {
  it("are dropped once their unread events pass the byte bound, freeing their slot", async () => {
    const { project, users } = await projectWithRoles();
    const key = streamSlotsKey(`user:${users.viewer.id}`);
    const idle = await open(project.id, { cookie: await sessionCookie(users.viewer.id) });
    expect(idle.res.status).toBe(200);
    expect(await redis().zcard(key)).toBe(1);
    const blob = "x".repeat(64 * 1024);
    // Never read from idle.res: events pile up in its queue until the bound is passed.
    for (let i = 0; i * blob.length < MAX_QUEUED_BYTES * 1.5; i++) await emit(project.id, "test.big", { i, blob });
    expect(await waitFor(() => redis().zcard(key), (n) => n === 0)).toBe(0);
    await expect(idle.res.body!.getReader().read()).rejects.toThrow(/did not read/);
  });
});
