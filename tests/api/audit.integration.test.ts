import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { AUDIT_CSV_COLUMNS } from "@/lib/audit/query";
import { apiToken, createUser, sessionCookie, uid } from "@/tests/helpers/fixtures";
import { invoke, routeById } from "@/tests/helpers/api-world";

const list = routeById("audit.list");
const exportCsv = routeById("audit.export");

/** RFC 4180 parser, enough for the export: quoted cells, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** A project with a varied history: the creator edits it, makes a token, the token adds targets, someone is invited. */
async function projectWithHistory() {
  const owner = await createUser();
  const as = { cookie: await sessionCookie(owner.id) };
  const project = (await invoke(routeById("projects.create"), { as, body: { name: `History ${uid()}` } })).json;
  const params = { projectId: project.id };
  for (let i = 0; i < 12; i++) await invoke(routeById("projects.update"), { as, params, body: { description: `edit ${i}` } });
  const bearer = await apiToken(project.id, { id: owner.id, email: owner.email, name: owner.name, isInstanceAdmin: false }, "admin");
  const tokenName = (await db.apiToken.findFirstOrThrow({ where: { projectId: project.id } })).name;
  for (let i = 0; i < 3; i++) {
    const res = await invoke(routeById("targets.create"), { as: { bearer }, params, body: { name: `t${i}`, environment: "staging", baseUrl: "https://example.test" } });
    expect(res.status).toBe(201);
  }
  await invoke(routeById("invitations.create"), { as, params, body: { email: `guest-${uid()}@example.test` } });
  const all = await db.auditLog.findMany({ where: { projectId: project.id }, orderBy: { id: "desc" } });
  expect(all.length).toBe(1 + 12 + 1 + 3 + 1);
  return { owner, as, project, params, tokenName, all };
}

async function pages(as: { cookie: string }, params: Record<string, string>, query: Record<string, string>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let count = 0;
  do {
    const res = await invoke(list, { as, params, query: { ...query, ...(cursor ? { cursor } : {}) } });
    expect(res.status, res.text).toBe(200);
    expect(res.json.items.length).toBeLessThanOrEqual(Number(query.limit));
    seen.push(...res.json.items.map((e: { id: string }) => e.id));
    cursor = res.json.nextCursor;
    expect(++count).toBeLessThan(50);
  } while (cursor);
  return seen;
}

describe("the audit log", () => {
  it("filters by action prefix, actor, object type and date range", async () => {
    const { as, params, owner, tokenName, all } = await projectWithHistory();
    const ids = (q: Record<string, string>) => invoke(list, { as, params, query: { limit: "200", ...q } }).then((r) => {
      expect(r.status, r.text).toBe(200);
      return r.json.items.map((e: { id: string }) => e.id);
    });
    const expected = (pred: (a: (typeof all)[number]) => boolean) => all.filter(pred).map((a) => a.id.toString());

    expect(await ids({ action: "project.update" })).toEqual(expected((a) => a.action === "project.update"));
    expect(await ids({ action: "target" })).toEqual(expected((a) => a.action.startsWith("target")));
    expect((await ids({ action: "target" })).length).toBe(3);
    expect(await ids({ actor: `token:${tokenName}` })).toEqual(expected((a) => a.actorType === "token"));
    expect(await ids({ actor: owner.email.toUpperCase() })).toEqual(expected((a) => a.actorLabel === owner.email));
    expect(await ids({ objectType: "api_token" })).toEqual(expected((a) => a.objectType === "api_token"));
    expect(await ids({ action: "target", actor: owner.email })).toEqual([]);

    const pivot = all[Math.floor(all.length / 2)].createdAt;
    expect(await ids({ from: pivot.toISOString() })).toEqual(expected((a) => a.createdAt >= pivot));
    expect(await ids({ to: pivot.toISOString() })).toEqual(expected((a) => a.createdAt <= pivot));
    expect(await ids({ from: "2000-01-01T00:00:00Z", to: "2000-01-02T00:00:00+02:00" })).toEqual([]);
    expect(await ids({ from: "2000-01-01T00:00:00Z" })).toEqual(expected(() => true));
  });

  it("pages with a cursor through every entry, newest first, without duplicates or gaps", async () => {
    const { as, params, all } = await projectWithHistory();
    for (const limit of ["1", "5", "7", "18", "200"]) {
      const seen = await pages(as, params, { limit });
      expect(seen, `limit ${limit}`).toEqual(all.map((a) => a.id.toString()));
    }
    const filtered = await pages(as, params, { limit: "5", action: "project.update" });
    expect(filtered).toEqual(all.filter((a) => a.action === "project.update").map((a) => a.id.toString()));
    expect(new Set(filtered).size).toBe(12);
  });

  it("exports the filtered log as CSV with a header, one row per entry, and formulas neutralised", async () => {
    const trickster = await createUser();
    const email = `=HYPERLINK(1)-${uid()}@example.test`;
    await db.user.update({ where: { id: trickster.id }, data: { email } });
    const as = { cookie: await sessionCookie(trickster.id) };
    const created = await invoke(routeById("projects.create"), { as, body: { name: "=HYPERLINK(1)", slug: `hyperlink-${uid()}` } });
    expect(created.status, created.text).toBe(201);
    const params = { projectId: created.json.id };
    await invoke(routeById("projects.update"), { as, params, body: { description: '+1 say "hi", then\nleave' } });
    await invoke(routeById("tokens.create"), { as, params, body: { name: "@sum(A1)" } });

    const res = await invoke(exportCsv, { as, params });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain(`audit-${created.json.id}.csv`);
    const rows = parseCsv(res.text);
    expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    const body = rows.slice(1);
    expect(body.map((r) => r[AUDIT_CSV_COLUMNS.indexOf("action")])).toEqual(["token.create", "project.update", "project.create"]);
    for (const row of body) {
      expect(row).toHaveLength(AUDIT_CSV_COLUMNS.length);
      for (const cell of row) expect(cell, `cell ${cell}`).not.toMatch(/^[=+\-@\t\r]/);
    }
    const actorCells = body.map((r) => r[AUDIT_CSV_COLUMNS.indexOf("actorLabel")]);
    expect(actorCells).toEqual([`'${email}`, `'${email}`, `'${email}`]);
    const createRow = body.find((r) => r[AUDIT_CSV_COLUMNS.indexOf("action")] === "project.create")!;
    expect(JSON.parse(createRow[AUDIT_CSV_COLUMNS.indexOf("after")]).name).toBe("=HYPERLINK(1)");
    const updateRow = body.find((r) => r[AUDIT_CSV_COLUMNS.indexOf("action")] === "project.update")!;
    expect(JSON.parse(updateRow[AUDIT_CSV_COLUMNS.indexOf("after")]).description).toBe('+1 say "hi", then\nleave');

    const onlyTokens = parseCsv((await invoke(exportCsv, { as, params, query: { objectType: "api_token" } })).text);
    expect(onlyTokens.slice(1).map((r) => r[AUDIT_CSV_COLUMNS.indexOf("action")])).toEqual(["token.create"]);
  });
});
