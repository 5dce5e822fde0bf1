import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { db } from "@/lib/db";
import { handle } from "@/lib/api/handler";
import { createInvitation } from "@/lib/members/members";
import { apiToken, sessionCookie, userCtx } from "@/tests/helpers/fixtures";
import { ROUTE_FIXTURES, discardJobsSince, invoke, routeById, rowCounts, world } from "@/tests/helpers/api-world";

let startedAt: Date;
beforeAll(async () => {
  startedAt = (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
});
afterAll(() => discardJobsSince(startedAt));

const APP = "http://localhost:3000";

describe("cookie-authenticated writes must come from the app's own pages", () => {
  const cases: Array<[string, Record<string, string>]> = [
    ["no Origin and no Sec-Fetch-Site", { origin: "" }],
    ["a foreign Origin", { origin: "https://evil.example" }],
    ["Origin null (sandboxed frame, data: URL)", { origin: "null" }],
    ["a sibling port", { origin: "http://localhost:3001" }],
    ["a look-alike host", { origin: "http://localhost:3000.evil.example" }],
    ["Sec-Fetch-Site cross-site without Origin", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site same-site (a subdomain)", { "sec-fetch-site": "same-site", origin: "http://sub.localhost:3000" }],
  ];

  it.each(["projects.create", "projects.update", "targets.delete", "connectionTests.create", "members.update"])(
    "%s is refused (403) from elsewhere and writes nothing",
    async (id) => {
      const w = await world();
      const route = routeById(id);
      const fixture = ROUTE_FIXTURES[id](w);
      const cookie = await sessionCookie(w.users.admin.id);
      const before = await rowCounts();
      for (const [why, headers] of cases) {
        const res = await invoke(route, { ...fixture, as: { cookie }, headers });
        expect(res.status, `${why}: ${res.text}`).toBe(403);
        expect(res.json.error.code).toBe("forbidden");
        expect(res.json.error.message).toMatch(/Origin/);
      }
      expect(await rowCounts()).toEqual(before);
    },
  );

  it("lets the app's own pages write: same Origin, the request's own host, or Sec-Fetch-Site same-origin", async () => {
    const w = await world();
    const route = routeById("projects.update");
    const cookie = await sessionCookie(w.users.admin.id);
    const params = { projectId: w.projectId };
    const variants: Record<string, string>[] = [{ origin: APP }, { origin: "HTTP://LOCALHOST:3000" }, { "sec-fetch-site": "same-origin" }];
    for (const headers of variants) {
      const res = await invoke(route, { as: { cookie }, params, body: { description: JSON.stringify(headers) }, headers });
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
    // Served under another name than NEXTAUTH_URL (e.g. http://tminus.lan:8080): the Host's own origin counts.
    const req = new NextRequest(`http://tminus.lan:8080/api/v1/projects/${w.projectId}`, {
      method: "PATCH",
      headers: { cookie, origin: "http://tminus.lan:8080", host: "tminus.lan:8080", "content-type": "application/json" },
      body: JSON.stringify({ description: "from the LAN" }),
    });
    const lan = await handle(route)(req, { params: Promise.resolve(params) });
    expect(lan.status).toBe(200);
  });

  it("does not check reads, and exempts Bearer tokens (not sent by browsers on their own)", async () => {
    const w = await world();
    const cookie = await sessionCookie(w.users.admin.id);
    const read = await invoke(routeById("targets.list"), { as: { cookie }, params: { projectId: w.projectId }, headers: { origin: "https://evil.example" } });
    expect(read.status).toBe(200);
    const bearer = await apiToken(w.projectId, w.users.admin, "admin");
    const write = await invoke(routeById("targets.create"), { ...ROUTE_FIXTURES["targets.create"](w), as: { bearer } });
    expect(write.status).toBe(201);
  });

  it("refuses writes to public routes when a browser says they come from another site", async () => {
    const w = await world();
    const before = await rowCounts();
    for (const id of ["setup.create", "invitations.accept"]) {
      const res = await invoke(routeById(id), { ...ROUTE_FIXTURES[id](w), headers: { origin: "https://evil.example" } });
      expect(res.status, id).toBe(403);
    }
    expect(await rowCounts()).toEqual(before);
    // Without Origin (curl, scripts) the public routes answer as before.
    const accept = await invoke(routeById("invitations.accept"), ROUTE_FIXTURES["invitations.accept"](w));
    expect(accept.status).toBe(200);
  });
});

describe("public routes and the session cookie", () => {
  it("serve a write without Origin (curl, Playwright's request API), but not as the cookie's user", async () => {
    const w = await world();
    const cookie = await sessionCookie(w.outsider.id);
    const setup = await invoke(routeById("setup.create"), { ...ROUTE_FIXTURES["setup.create"](w), as: { cookie }, headers: { origin: "" } });
    expect(setup.status).toBe(409);
    expect(setup.json.error.code).toBe("already_set_up");

    const invited = await createInvitation({ ctx: userCtx(w.users.admin), input: { projectId: w.projectId, data: { email: w.outsider.email, role: "viewer" } } });
    const body = { token: new URL(invited.acceptUrl!).pathname.split("/").pop() };
    const blind = await invoke(routeById("invitations.accept"), { as: { cookie }, body, headers: { origin: "" } });
    expect(blind.status).toBe(422);
    expect(blind.json.error.code).toBe("sign_in_required");
    expect(await db.membership.count({ where: { projectId: w.projectId, userId: w.outsider.id } })).toBe(0);
  });

  it("let a signed-in invitee accept from the app's own page", async () => {
    const w = await world();
    const invited = await createInvitation({ ctx: userCtx(w.users.admin), input: { projectId: w.projectId, data: { email: w.outsider.email, role: "viewer" } } });
    const body = { token: new URL(invited.acceptUrl!).pathname.split("/").pop() };
    const res = await invoke(routeById("invitations.accept"), { as: { cookie: await sessionCookie(w.outsider.id) }, body });
    expect(res.status, res.text).toBe(200);
  });
});

describe("JSON bodies are recognised by a strict media type", () => {
  it("refuses text/plain that mentions application/json, look-alike types and typed empty bodies (415)", async () => {
    const w = await world();
    const cookie = await sessionCookie(w.users.admin.id);
    const route = routeById("projects.update");
    const params = { projectId: w.projectId };
    const body = JSON.stringify({ description: "smuggled" });
    const before = await rowCounts();
    for (const type of ["text/plain; application/json", "text/plain;application/json", "application/jsonp", "application/json-patch+json", "application/json, text/plain", "application/json; charset", "text/plain"]) {
      const res = await invoke(route, { as: { cookie }, params, rawBody: body, headers: { "content-type": type } });
      expect(res.status, type).toBe(415);
      expect(res.json.error.code).toBe("unsupported_media_type");
    }
    // An empty form post (no preflight) to a route that needs no body is refused by its type as well.
    const test = await invoke(routeById("connectionTests.create"), {
      ...ROUTE_FIXTURES["connectionTests.create"](w),
      as: { cookie },
      rawBody: "",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(test.status).toBe(415);
    expect(await rowCounts()).toEqual(before);
    expect((await db.project.findUniqueOrThrow({ where: { id: w.projectId } })).description).not.toBe("smuggled");
  });

  it("accepts application/json with parameters, in any case", async () => {
    const w = await world();
    const cookie = await sessionCookie(w.users.admin.id);
    for (const type of ["application/json; charset=utf-8", "Application/JSON", 'application/json;charset="UTF-8"']) {
      const res = await invoke(routeById("projects.update"), { as: { cookie }, params: { projectId: w.projectId }, rawBody: JSON.stringify({ description: type }), headers: { "content-type": type } });
      expect(res.status, type).toBe(200);
    }
    const empty = await invoke(routeById("connectionTests.create"), { ...ROUTE_FIXTURES["connectionTests.create"](w), as: { cookie } });
    expect(empty.status).toBe(202);
  });
});
