import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { handle, type RouteDef } from "@/lib/api/handler";
import { createTarget } from "@/lib/targets/targets";
import { createUser, projectWithRoles, sessionCookie, userCtx } from "@/tests/helpers/fixtures";
import { ROUTE_FIXTURES, discardJobsSince, invoke, routeById, rowCounts, world } from "@/tests/helpers/api-world";

let startedAt: Date;
beforeAll(async () => {
  startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
});
afterAll(() => discardJobsSince(startedAt));

const cookieOf = async (user: { id: string }) => ({ cookie: await sessionCookie(user.id) });

describe("a project slug cannot shadow another project's id", () => {
  it("refuses a slug shaped like a project id, on create and on rename (400 naming slug)", async () => {
    const acme = await projectWithRoles();
    const mallory = await createUser();
    const as = await cookieOf(mallory);
    const created = await invoke(routeById("projects.create"), { as, body: { name: "Shadow", slug: acme.project.id } });
    expect(created.status, created.text).toBe(400);
    expect(created.json.error.issues).toContainEqual({ path: "slug", rule: "looks_like_id", message: expect.any(String) });

    const own = await invoke(routeById("projects.create"), { as, body: { name: "Mallory's own" } });
    expect(own.status).toBe(201);
    const renamed = await invoke(routeById("projects.update"), { as, params: { projectId: own.json.id }, body: { slug: acme.project.id } });
    expect(renamed.status, renamed.text).toBe(400);
    expect(renamed.json.error.issues[0]).toMatchObject({ path: "slug", rule: "looks_like_id" });
  });

  it("sends requests for an id to that project even when an older row has that id as its slug", async () => {
    const acme = await projectWithRoles();
    const target = await createTarget({
      ctx: userCtx(acme.users.admin),
      input: { projectId: acme.project.id, data: { name: "acme-web", environment: "production", baseUrl: "https://acme.example.test" } },
    });
    // A row written before slugs were checked, then Acme is edited: its new tuple now sits after the shadow's.
    const mallory = await createUser();
    const shadow = await db.project.create({
      data: { name: "Shadow", slug: acme.project.id, memberships: { create: { userId: mallory.id, role: "admin" } } },
    });
    await db.project.update({ where: { id: acme.project.id }, data: { description: "edited" } });

    const root = await createUser({ isInstanceAdmin: true });
    const got = await invoke(routeById("projects.get"), { as: await cookieOf(root), params: { projectId: acme.project.id } });
    expect(got.json.id).toBe(acme.project.id);
    const targets = await invoke(routeById("targets.list"), { as: await cookieOf(acme.users.viewer), params: { projectId: acme.project.id } });
    expect(targets.json.map((t: { id: string }) => t.id)).toEqual([target.id]);
    const malloryView = await invoke(routeById("targets.list"), { as: await cookieOf(mallory), params: { projectId: acme.project.id } });
    expect(malloryView.status).toBe(404);
    // Slugs still work as friendly ids.
    const bySlug = await invoke(routeById("projects.get"), { as: await cookieOf(root), params: { projectId: acme.project.slug } });
    expect(bySlug.json.id).toBe(acme.project.id);
    expect(shadow.slug).toBe(acme.project.id);
  });
});

describe("inputs that used to answer 500", () => {
  const nested = (depth: number) => `{"name":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}`;

  it("answers 400 too_deep for a deeply nested body on the unauthenticated set-up route", async () => {
    const raw = nested(20_000);
    expect(raw.length).toBeGreaterThan(100_000);
    const res = await invoke(routeById("setup.create"), { rawBody: raw, headers: { "content-type": "application/json" } });
    expect(res.status, res.text.slice(0, 200)).toBe(400);
    expect(res.json.error.issues).toEqual([{ path: "name.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a", rule: "too_deep", message: expect.any(String) }]);
    const arrays = await invoke(routeById("setup.create"), { rawBody: "[".repeat(50_000) + "]".repeat(50_000), headers: { "content-type": "application/json" } });
    expect(arrays.status).toBe(400);
    expect(arrays.json.error.issues[0].rule).toBe("too_deep");
  });

  it("accepts nesting up to the limit where a schema allows nested data", async () => {
    const w = await world();
    const res = await invoke(routeById("targets.create"), {
      as: await cookieOf(w.users.admin),
      params: { projectId: w.projectId },
      rawBody: `{"name":"deep","environment":"staging","baseUrl":"https://x.example.test","providerSettings":${'{"a":'.repeat(30)}1${"}".repeat(30)}}`,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.issues[0]).toMatchObject({ path: "providerSettings", rule: "unrecognized_keys" });
  });

  it("answers 400 naming cursor for a cursor beyond int8, and still pages with real cursors", async () => {
    const w = await world();
    const as = await cookieOf(w.users.admin);
    for (const cursor of ["99999999999999999999", "9223372036854775808", "0", "-1", "01"]) {
      const res = await invoke(routeById("audit.list"), { as, params: { projectId: w.projectId }, query: { cursor } });
      expect(res.status, cursor).toBe(400);
      expect(res.json.error.issues[0].path, cursor).toBe("query.cursor");
    }
    const max = await invoke(routeById("audit.list"), { as, params: { projectId: w.projectId }, query: { cursor: "9223372036854775807" } });
    expect(max.status).toBe(200);
    expect(max.json.items.length).toBeGreaterThan(0);
  });

  it("answers 400 naming Last-Event-ID for an oversized or odd resume point on the event stream", async () => {
    const w = await world();
    const as = await cookieOf(w.users.viewer);
    const route = routeById("events.stream");
    for (const id of ["99999999999999999999999999", "9223372036854775808", "9".repeat(5000), "-5", "1e9", "abc", "0x10", "007"]) {
      const res = await invoke(route, { as, params: { projectId: w.projectId }, headers: { "last-event-id": id } });
      expect(res.status, id.slice(0, 30)).toBe(400);
      expect(res.json.error.issues[0]).toMatchObject({ path: "Last-Event-ID", rule: "invalid_format" });
    }
    const query = await invoke(route, { as, params: { projectId: w.projectId }, query: { lastEventId: "99999999999999999999" } });
    expect(query.status).toBe(400);
    expect(query.json.error.issues[0].path).toBe("query.lastEventId");
    for (const id of ["0", "1", "9223372036854775807"]) {
      const ok = await invoke(route, { as, params: { projectId: w.projectId }, headers: { "last-event-id": id } });
      expect(ok.status, id).toBe(200);
    }
  });
});

describe("text Prisma or Postgres cannot take", () => {
  it("refuses unpaired surrogates in body fields and keys (400) and in ids (404)", async () => {
    const w = await world();
    const as = await cookieOf(w.users.admin);
    const before = await rowCounts();
    const named = await invoke(routeById("projects.create"), { as, rawBody: '{"name":"lone \\ud800 half"}', headers: { "content-type": "application/json" } });
    expect(named.status, named.text).toBe(400);
    expect(named.json.error.issues[0]).toMatchObject({ path: "name", rule: "invalid_characters" });
    const keyed = await invoke(routeById("targets.update"), {
      as,
      params: { projectId: w.projectId, targetId: w.target.id },
      rawBody: '{"secrets":{"\\udfff":"x"}}',
      headers: { "content-type": "application/json" },
    });
    expect(keyed.status).toBe(400);
    expect(keyed.json.error.issues[0]).toMatchObject({ path: "secrets", rule: "invalid_characters" });
    const id = await invoke(routeById("targets.get"), { as, params: { projectId: w.projectId, targetId: "a\ud83d" } });
    expect(id.status).toBe(404);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses audit dates outside the years a timestamp holds, naming the field", async () => {
    const w = await world();
    const as = await cookieOf(w.users.admin);
    for (const [key, value] of [["from", "0000-01-01T00:00:00+23:59"], ["to", "9999-12-31T23:59:59-23:59"]]) {
      const res = await invoke(routeById("audit.export"), { as, params: { projectId: w.projectId }, query: { [key]: value } });
      expect(res.status, value).toBe(400);
      expect(res.json.error.issues).toEqual([{ path: `query.${key}`, rule: "out_of_range", message: expect.any(String) }]);
    }
  });
});

describe("two creates racing for one unique name", () => {
  it("maps the unique index's refusal to 409 naming the field, whatever verb reached it", async () => {
    const taken = await db.project.create({ data: { name: "Taken", slug: `taken-${Date.now()}` } });
    const racing: RouteDef = {
      ...routeById("projects.create"),
      run: () => db.project.create({ data: { name: "Racer", slug: taken.slug } }),
    };
    const res = await invoke(racing, { as: await cookieOf(await createUser()), body: { name: "Racer" } });
    expect(res.status, res.text).toBe(409);
    expect(res.json.error.code).toBe("slug_taken");
    expect(res.json.error.issues).toEqual([{ path: "slug", rule: "unique", message: expect.any(String) }]);
  });

  it("answers one 201 and 409s, never 500, to concurrent project and target creates", async () => {
    const w = await world();
    const as = await cookieOf(w.users.admin);
    const slug = `race-${Date.now()}`;
    const projects = await Promise.all(Array.from({ length: 6 }, () => invoke(routeById("projects.create"), { as, body: { name: "Race", slug } })));
    expect(projects.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of projects.filter((p) => p.status === 409)) expect(r.json.error.code).toBe("slug_taken");

    const body = { name: "racing-target", environment: "staging", baseUrl: "https://race.example.test" };
    const targets = await Promise.all(Array.from({ length: 6 }, () => invoke(routeById("targets.create"), { as, params: { projectId: w.projectId }, body })));
    expect(targets.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of targets.filter((p) => p.status === 409)) expect(r.json.error.code).toBe("name_taken");
  });
});

describe("request bodies are read only up to the limit", () => {
  // duplex is required by Node for a streamed request body, and not yet in the DOM RequestInit type.
  const post = (init: { headers?: Record<string, string>; body: ReadableStream }) =>
    handle(routeById("setup.create"))(
      new NextRequest("http://localhost:3000/api/v1/setup", { method: "POST", ...init, duplex: "half" } as ConstructorParameters<typeof NextRequest>[1]),
      { params: Promise.resolve({}) },
    );

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    let pulled = 0;
    const body = new ReadableStream({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode("{}"));
        controller.close();
      },
    }, { highWaterMark: 0 });
    const res = await post({ headers: { "content-type": "application/json", "content-length": String(10 * 1024 * 1024) }, body });
    expect(res.status).toBe(413);
    expect(pulled).toBe(0);
  });

  it("stops reading a stream without a length once it passes the limit", async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
    const body = new ReadableStream({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 64 * 1024 * 1024) return controller.close();
        controller.enqueue(chunk);
      },
    });
    const res = await post({ headers: { "content-type": "application/json" }, body });
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(1024 * 1024);
  });
});

describe("request ids and audit exports", () => {
  it("keeps a plain client x-request-id and replaces an odd one before it reaches the log or audit rows", async () => {
    const w = await world();
    const as = await cookieOf(w.users.admin);
    const fixture = ROUTE_FIXTURES["projects.update"](w);
    const kept = await invoke(routeById("projects.update"), { ...fixture, as, headers: { "x-request-id": "deploy-42.abc:7" } });
    expect(kept.headers.get("x-request-id")).toBe("deploy-42.abc:7");
    for (const odd of ["a".repeat(65), "<script>alert(1)</script>", "line\tbreak", "caf\u00e9"]) {
      const res = await invoke(routeById("projects.update"), { ...fixture, as, headers: { "x-request-id": odd } });
      const id = res.headers.get("x-request-id")!;
      expect(id).not.toBe(odd);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    const rows = await db.auditLog.findMany({ where: { projectId: w.projectId, action: "project.update" }, select: { requestId: true } });
    expect(rows.map((r) => r.requestId)).toContain("deploy-42.abc:7");
    for (const r of rows) expect(r.requestId).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
  });

  it("writes an audit.export row with the filters used and the number of rows exported", async () => {
    const w = await world();
    const approver = w.users.approver;
    const query = { action: "target.", from: "2020-01-01T00:00:00Z" };
    const res = await invoke(routeById("audit.export"), { as: await cookieOf(approver), params: { projectId: w.projectId }, query });
    expect(res.status).toBe(200);
    const exported = res.text.trim().split("\r\n").length - 1;
    expect(exported).toBeGreaterThan(0);
    const row = await db.auditLog.findFirst({ where: { projectId: w.projectId, action: "audit.export" } });
    expect(row).toMatchObject({ actorLabel: approver.email, objectType: "audit", after: { filters: query, rows: exported } });
    const before = await rowCounts();
    const refused = await invoke(routeById("audit.export"), { as: await cookieOf(w.users.viewer), params: { projectId: w.projectId } });
    expect(refused.status).toBe(403);
    expect(await rowCounts()).toEqual(before);
  });
});
