import { bindingSource } from "@/lib/launch/bindings";
import "@/lib/launch/sources";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { db } from "@/lib/db";
import { handle } from "@/lib/api/handler";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { PHASE5, PHASE5_ID } from "@/lib/launch/phase5";
import { ZTemplateBody } from "@/lib/launch/schemas";
import { TEMPLATE_ROUTES } from "@/lib/launch/template-routes";
import {
  cloneTemplate, createTemplate, deleteTemplate, exportTemplate, getTemplate, importTemplate, instantiateTemplate, listTemplates, updateTemplate,
} from "@/lib/launch/templates";
import { buildRequest, projectWithRoles, sessionCookie, userCtx, type CallOptions } from "@/tests/helpers/fixtures";

const small = {
  sections: [
    { title: "Ship", items: [{ title: "Tag the release", blocking: true }, { title: "Push to production", binding: { kind: "deployment_succeeded", environment: "production" } }] },
    { title: "Tell people", items: [{ title: "Announce it" }] },
  ],
};

async function setup() {
  const { project, users, outsider } = await projectWithRoles();
  const as = (role: keyof typeof users) => userCtx(users[role]);
  const input = <T extends object>(rest: T) => ({ projectId: project.id, ...rest });
  return { project, users, outsider, as, input, approver: as("approver") };
}

/** Through the real handler wrapper, as Next would call the route (auth, parsing, error mapping). */
async function callRoute(id: string, opts: CallOptions) {
  const route = TEMPLATE_ROUTES.find((r) => r.id === id)!;
  const res = await handle(route)(buildRequest(route, opts), { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers, json: res.headers.get("content-type")?.startsWith("application/json") ? JSON.parse(text) : undefined };
}

/** The ValidationError's issues, for asserting the field and rule it names. */
async function issuesOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues!;
}

const itemsIn = (body: { sections: { items: unknown[] }[] }) => body.sections.reduce((n, s) => n + s.items.length, 0);

describe("the built-in Phase 5 template", () => {
  it("is listed first for everyone, then the project's own by name, and is read-only", async () => {
    const { as, input, approver } = await setup();
    await createTemplate({ ctx: approver, input: input({ data: { name: "Zeta", body: small } }) });
    await createTemplate({ ctx: approver, input: input({ data: { name: "Alpha", body: small } }) });
    const list = await listTemplates({ ctx: as("viewer"), input: input({}) });
    expect(list.map((t) => [t.id === PHASE5_ID ? t.id : "own", t.name, t.builtIn])).toEqual([
      [PHASE5_ID, PHASE5.name, true],
      ["own", "Alpha", false],
      ["own", "Zeta", false],
    ]);
    expect(list[0]).toMatchObject({ sectionCount: 6, itemCount: itemsIn(PHASE5.body), body: PHASE5.body, createdBy: null, updatedAt: null });

    const phase5 = await getTemplate({ ctx: as("viewer"), input: input({ templateId: PHASE5_ID }) });
    expect(phase5.body.sections.map((s) => s.title)).toEqual([
      "Final testing & QA", "Deployment strategy", "Performance & optimisation", "Documentation & handoff", "Launch & post-launch ops", "Deliverables",
    ]);
    await expect(getTemplate({ ctx: as("viewer"), input: input({ templateId: "no-such-template" }) })).rejects.toThrow(new NotFoundError("Template"));

    await expect(updateTemplate({ ctx: approver, input: input({ templateId: PHASE5_ID, patch: { name: "Mine now" } }) })).rejects.toThrow(/clone it to change it/);
    await expect(updateTemplate({ ctx: approver, input: input({ templateId: PHASE5_ID, patch: { name: "Mine now" } }) })).rejects.toBeInstanceOf(ConflictError);
    await expect(deleteTemplate({ ctx: as("admin"), input: input({ templateId: PHASE5_ID }) })).rejects.toThrow(/clone it to change it/);
    expect((await getTemplate({ ctx: approver, input: input({ templateId: PHASE5_ID }) })).name).toBe(PHASE5.name);
  });

  it("has the must-haves blocking, approver sign-offs that go stale, and a binding wherever T-Minus measures the fact", () => {
    const items = PHASE5.body.sections.flatMap((s) => s.items);
    const find = (prefix: string) => items.find((i) => i.title.startsWith(prefix))!;
    expect(find("High-traffic")).toMatchObject({ blocking: true, signOffRequired: true, renewalDays: 30, binding: { kind: "qa_run", environment: "production", qaKind: "load" } });
    expect(find("Accessibility")).toMatchObject({ blocking: true, signOffRequired: true, renewalDays: 30, binding: { kind: "qa_run", qaKind: "a11y" } });
    expect(find("Maintenance SOP")).toMatchObject({ blocking: true, signOffRequired: true, renewalDays: 90, binding: { kind: "runbook_page", page: "maintenance", reviewedWithinDays: 90 } });
    expect(find("Real-time uptime")).toMatchObject({ blocking: true, binding: { kind: "uptime", environment: "production", windowDays: 7, minPercent: 99.9 } });
    expect(find("Production push")).toMatchObject({ blocking: true, binding: { kind: "deployment_succeeded", environment: "production" } });
    expect(find("CI/CD")).toMatchObject({ blocking: true, binding: { kind: "rollback_exercised", environment: "staging" } });
    expect(items.map((i) => i.binding?.kind).filter(Boolean).sort()).toEqual([
      "deployment_succeeded", "no_critical_feedback", "qa_run", "qa_run", "qa_run", "qa_run", "rollback_exercised", "runbook_page", "uptime",
    ]);
    // Readiness gates the move into the soft- and official-launch stages, so their own items cannot block it.
    expect(find("Soft launch").blocking).toBe(false);
    expect(find("Official launch").blocking).toBe(false);
    for (const i of items) {
      expect(i.description, i.title).toMatch(/\*\*Done when\*\*|signs this off/);
      if (i.renewalDays) expect(i.signOffRequired, i.title).toBe(true);
    }
  });
});

describe("project templates", () => {
  it("are created by approvers with unique names (any case), each change audited", async () => {
    const { project, users, input, approver } = await setup();
    const created = await createTemplate({ ctx: approver, input: input({ data: { name: "Weekly release", description: "Small ones", body: small } }) });
    expect(created).toMatchObject({ name: "Weekly release", description: "Small ones", builtIn: false, sectionCount: 2, itemCount: 3, createdBy: users.approver.email });
    expect(created.body.sections[0].items[0]).toEqual({ title: "Tag the release", description: "", blocking: true, signOffRequired: false, renewalDays: null, binding: null });

    for (const name of ["Weekly release", "WEEKLY RELEASE", PHASE5.name]) {
      const error = await createTemplate({ ctx: approver, input: input({ data: { name, body: small } }) }).catch((e) => e);
      expect(error, name).toBeInstanceOf(ConflictError);
      expect(error.message).toContain(`"${name}"`);
      expect(error.issues).toEqual([{ path: "name", rule: "unique", message: "is already taken" }]);
    }
    expect(await issuesOf(createTemplate({ ctx: approver, input: input({ data: { name: "Empty", body: { sections: [] } } }) }))).toEqual([
      { path: "body.sections", rule: "too_small", message: "needs at least one section" },
    ]);

    const audit = await db.auditLog.findMany({ where: { projectId: project.id, objectType: "checklist_template" } });
    expect(audit.map((a) => [a.action, a.objectId, a.actorLabel])).toEqual([["template.create", created.id, users.approver.email]]);
    expect(audit[0].after).toEqual({ name: "Weekly release", description: "Small ones", sections: [{ title: "Ship", items: ["Tag the release", "Push to production"] }, { title: "Tell people", items: ["Announce it"] }] });
  });

  it("clone the built-in one, then edit, rename and delete the copy; the original stays as it was", async () => {
    const { project, input, approver } = await setup();
    const copy = await cloneTemplate({ ctx: approver, input: input({ templateId: PHASE5_ID, data: { name: "Our Phase 5" } }) });
    expect(copy).toMatchObject({ name: "Our Phase 5", description: PHASE5.description, builtIn: false, body: PHASE5.body });

    const body = structuredClone(copy.body);
    body.sections[0].items.splice(2, 1);
    body.sections[0].items[0].renewalDays = 14;
    const edited = await updateTemplate({ ctx: approver, input: input({ templateId: copy.id, patch: { body, description: "Trimmed" } }) });
    expect(edited).toMatchObject({ name: "Our Phase 5", description: "Trimmed", itemCount: itemsIn(PHASE5.body) - 1 });
    expect(edited.body.sections[0].items[0].renewalDays).toBe(14);
    expect((await getTemplate({ ctx: approver, input: input({ templateId: PHASE5_ID }) })).body).toEqual(PHASE5.body);

    const other = await createTemplate({ ctx: approver, input: input({ data: { name: "Other", body: small } }) });
    await expect(updateTemplate({ ctx: approver, input: input({ templateId: other.id, patch: { name: "our phase 5" } }) })).rejects.toBeInstanceOf(ConflictError);
    await expect(updateTemplate({ ctx: approver, input: input({ templateId: copy.id, patch: { name: "Our Phase 5" } }) })).resolves.toMatchObject({ name: "Our Phase 5" });
    expect(await issuesOf(updateTemplate({ ctx: approver, input: input({ templateId: copy.id, patch: { body: { sections: [{ title: "S", items: [{ title: "" }] }] } } }) }))).toEqual([
      { path: "body.sections.0.items.0.title", rule: "too_small", message: "is required" },
    ]);

    await expect(deleteTemplate({ ctx: approver, input: input({ templateId: copy.id }) })).resolves.toEqual({ deleted: true });
    await expect(getTemplate({ ctx: approver, input: input({ templateId: copy.id }) })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteTemplate({ ctx: approver, input: input({ templateId: copy.id }) })).rejects.toBeInstanceOf(NotFoundError);

    const audit = await db.auditLog.findMany({ where: { projectId: project.id, objectType: "checklist_template" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["template.clone", "template.update", "template.create", "template.update", "template.delete"]);
    expect(audit[0].after).toMatchObject({ name: "Our Phase 5", clonedFrom: { id: PHASE5_ID, name: PHASE5.name } });
    expect(audit[1].before).toMatchObject({ description: PHASE5.description });
    expect(audit[1].after).toMatchObject({ description: "Trimmed" });
  });

  it("belong to their project: another project's members cannot see or change them", async () => {
    const { input, approver } = await setup();
    const mine = await createTemplate({ ctx: approver, input: input({ data: { name: "Mine", body: small } }) });
    const other = await setup();
    await expect(getTemplate({ ctx: other.approver, input: other.input({ templateId: mine.id }) })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteTemplate({ ctx: other.approver, input: other.input({ templateId: mine.id }) })).rejects.toBeInstanceOf(NotFoundError);
    await expect(cloneTemplate({ ctx: other.approver, input: other.input({ templateId: mine.id, data: { name: "Stolen" } }) })).rejects.toBeInstanceOf(NotFoundError);
    await expect(getTemplate({ ctx: other.approver, input: input({ templateId: mine.id }) })).rejects.toThrow(new NotFoundError("Project"));
  });

  it("are shaped only by approvers and admins: members and viewers get 403, also through the API", async () => {
    const { project, users, as, input } = await setup();
    for (const role of ["viewer", "member"] as const) {
      await expect(createTemplate({ ctx: as(role), input: input({ data: { name: "Nope", body: small } }) })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(cloneTemplate({ ctx: as(role), input: input({ templateId: PHASE5_ID, data: { name: "Nope" } }) })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(importTemplate({ ctx: as(role), input: input({ data: { format: "json", content: "{}" } }) })).rejects.toBeInstanceOf(ForbiddenError);
    }
    const member = { cookie: await sessionCookie(users.member.id) };
    const refused = await callRoute("templates.create", { as: member, params: { projectId: project.id }, body: { name: "Nope", body: small } });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toBe("Members cannot start launches or change the shape of their checklists and templates in this project. Ask a project admin for the approver role.");
    const listed = await callRoute("templates.list", { as: member, params: { projectId: project.id } });
    expect(listed.status).toBe(200);
    expect(listed.json[0].id).toBe(PHASE5_ID);

    const approver = { cookie: await sessionCookie(users.approver.id) };
    const created = await callRoute("templates.create", { as: approver, params: { projectId: project.id }, body: { name: "Via API", body: small } });
    expect(created.status).toBe(201);
    const dup = await callRoute("templates.create", { as: approver, params: { projectId: project.id }, body: { name: "Via API", body: small } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.issues).toEqual([{ path: "name", rule: "unique", message: "is already taken" }]);
    const builtIn = await callRoute("templates.update", { as: approver, params: { projectId: project.id, templateId: PHASE5_ID }, body: { name: "x" } });
    expect(builtIn.status).toBe(409);
    expect(await db.checklistTemplate.count({ where: { projectId: project.id } })).toBe(1);
  });
});

describe("import and export", () => {
  const good = {
    name: "Imported",
    description: "From a file",
    sections: [{ title: "Checks", items: [{ title: "One" }, { title: "Two", blocking: true, renewalDays: 30, signOffRequired: true }, { title: "Three", binding: { kind: "uptime", environment: "production" } }] }],
  };

  it("read JSON and YAML documents, with the name beside the document winning", async () => {
    const { input, approver } = await setup();
    const fromJson = await importTemplate({ ctx: approver, input: input({ data: { format: "json", content: JSON.stringify(good) } }) });
    expect(fromJson).toMatchObject({ name: "Imported", description: "From a file", itemCount: 3 });
    expect(fromJson.body.sections[0].items[1]).toEqual({ title: "Two", description: "", blocking: true, signOffRequired: true, renewalDays: 30, binding: null });

    const yaml = ["name: Imported", "sections:", "  - title: Checks", "    items:", "      - title: One", "      - title: Two", "        blocking: true", ""].join("\n");
    const fromYaml = await importTemplate({ ctx: approver, input: input({ data: { format: "yaml", content: yaml, name: "From YAML" } }) });
    expect(fromYaml).toMatchObject({ name: "From YAML", description: "", itemCount: 2 });
    expect(fromYaml.body.sections[0].items.map((i) => [i.title, i.blocking])).toEqual([["One", false], ["Two", true]]);

    await expect(importTemplate({ ctx: approver, input: input({ data: { format: "json", content: JSON.stringify(good) } }) })).rejects.toBeInstanceOf(ConflictError);
  });

  it("refuse bad documents with errors that name the field, and the line where the document shows it", async () => {
    const { project, input, approver } = await setup();
    const refuse = (format: "json" | "yaml", content: string, name?: string) => issuesOf(importTemplate({ ctx: approver, input: input({ data: { format, content, ...(name ? { name } : {}) } }) }));

    expect(await refuse("json", '{\n  "name": "x",\n  "sections": [}\n')).toEqual([
      { path: "content", rule: "json", message: expect.stringMatching(/^is not valid JSON: .* \(line 3, column \d+\)$/) },
    ]);
    expect(await refuse("yaml", "name: x\nsections:\n  - title: [unclosed\n")).toEqual([
      { path: "content", rule: "yaml", message: expect.stringMatching(/^is not valid YAML: .*\(line \d, column \d+\)$/) },
    ]);
    expect(await refuse("json", "[1, 2]")).toEqual([{ path: "content", rule: "type", message: "must be a JSON object with name, description and sections" }]);
    expect(await refuse("yaml", "just a sentence")).toEqual([{ path: "content", rule: "type", message: "must be a YAML mapping with name, description and sections" }]);
    expect(await refuse("yaml", "name: No sections\n")).toEqual([{ path: "content.sections", rule: "invalid_type", message: expect.any(String) }]);
    expect(await refuse("json", JSON.stringify({ sections: good.sections }))).toEqual([{ path: "content.name", rule: "required", message: "is required (in the document, or as name beside it)" }]);

    const badItem = structuredClone(good);
    badItem.sections[0].items[2] = { title: "  ", renewalDays: 0 } as never;
    const jsonIssues = await refuse("json", JSON.stringify(badItem, null, 2));
    expect(jsonIssues.map((i) => [i.path, i.rule])).toEqual([
      ["content.sections.0.items.2.title", "too_small"],
      ["content.sections.0.items.2.renewalDays", "too_small"],
    ]);
    expect(jsonIssues[0].message).toBe("is required (line 18)");

    const yamlIssues = await refuse("yaml", ["name: Bad", "sections:", "  - title: Checks", "    items:", "      - title: One", "      - title: Two", "        colour: red", ""].join("\n"));
    expect(yamlIssues).toEqual([{ path: "content.sections.0.items.1", rule: "unrecognized_keys", message: expect.stringMatching(/"colour".*\(line 6\)$/) }]);

    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`), "sections: *i"].join("\n");
    expect(await refuse("yaml", bomb)).toEqual([{ path: "content", rule: "yaml", message: expect.stringContaining("could not be read") }]);

    expect(await db.checklistTemplate.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("round-trip: what export writes, import reads back unchanged, in both formats and through the API", async () => {
    const { project, users, input, approver } = await setup();
    for (const format of ["json", "yaml"] as const) {
      const text = await exportTemplate({ ctx: userCtx(users.viewer), input: input({ templateId: PHASE5_ID, format }) });
      const parsed = format === "json" ? JSON.parse(text) : YAML.parse(text);
      expect(Object.keys(parsed)).toEqual(["name", "description", "sections"]);
      const back = await importTemplate({ ctx: approver, input: input({ data: { format, content: text, name: `Round trip ${format}` } }) });
      expect(back).toMatchObject({ description: PHASE5.description, body: PHASE5.body });

      // The same document again (Postgres may store a binding's keys in another order, so compare parsed).
      const again = await exportTemplate({ ctx: approver, input: input({ templateId: back.id, format }) });
      expect(format === "json" ? JSON.parse(again) : YAML.parse(again)).toEqual({ ...parsed, name: `Round trip ${format}` });
    }
    await expect(exportTemplate({ ctx: approver, input: input({ templateId: PHASE5_ID, format: "xml" }) })).rejects.toThrow("format: must be json or yaml");

    const viewer = { cookie: await sessionCookie(users.viewer.id) };
    const yaml = await callRoute("templates.export", { as: viewer, params: { projectId: project.id, templateId: PHASE5_ID }, query: { format: "yaml" } });
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    expect(yaml.headers.get("content-disposition")).toBe('attachment; filename="template-phase-5.yaml"');
    expect(YAML.parse(yaml.text).sections).toEqual(PHASE5.body.sections);
    const json = await callRoute("templates.export", { as: viewer, params: { projectId: project.id, templateId: PHASE5_ID } });
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(json.json.name).toBe(PHASE5.name);

    // One audit row per import (rows written in the same millisecond have no order of their own: compare sorted).
    const audit = await db.auditLog.findMany({ where: { projectId: project.id, objectType: "checklist_template" } });
    expect(audit.map((a) => [a.action, (a.after as { format?: string }).format ?? ""]).sort((x, y) => x[1].localeCompare(y[1]))).toEqual([["template.import", "json"], ["template.import", "yaml"]]);
  });
});

describe("instantiateTemplate", () => {
  it("copies Phase 5 into a launch: one item per line, in order, with sections, flags and a note for every binding it cannot resolve", async () => {
    const { project, users } = await setup();
    const launch = await db.launch.create({ data: { projectId: project.id, name: "1.0", templateName: PHASE5.name, createdBy: users.approver.email } });
    const result = await db.$transaction((tx) => instantiateTemplate(tx, { projectId: project.id, launchId: launch.id, body: PHASE5.body, actor: users.approver.email }));

    const lines = PHASE5.body.sections.flatMap((s) => s.items.map((i) => ({ section: s.title, ...i })));
    expect(lines).toHaveLength(36);
    expect(result.items).toBe(36);
    const items = await db.checklistItem.findMany({ where: { launchId: launch.id }, orderBy: { position: "asc" } });
    expect(items.map((i) => [i.number, i.position, i.section, i.title, i.blocking, i.signOffRequired, i.renewalDays, i.status])).toEqual(
      lines.map((l, n) => [n + 1, n, l.section, l.title, l.blocking, l.signOffRequired, l.renewalDays, "todo"]),
    );
    expect(items.every((i) => i.projectId === project.id && i.description.length > 50)).toBe(true);

    // The project has no targets, so the target-bound sources (QA, deployments, uptime) find nothing to watch; "no open
    // critical feedback" and the maintenance runbook page need no target and bind: the rest come out manual, with the reason.
    const bound = lines.map((l, n) => ({ ...l, number: n + 1 })).filter((l) => l.binding);
    expect(bound).toHaveLength(9);
    const feedbackLine = bound.find((l) => l.binding!.kind === "no_critical_feedback")!;
    const runbookLine = bound.find((l) => l.binding!.kind === "runbook_page")!;
    expect(items.filter((i) => i.binding !== null).map((i) => [i.number, (i.binding as { kind: string }).kind])).toEqual(
      [[feedbackLine.number, "no_critical_feedback"], [runbookLine.number, "runbook_page"]].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    const unbound = bound.filter((l) => l !== feedbackLine && l !== runbookLine);
    expect(result.notes).toHaveLength(7);
    expect(result.notes[0]).toBe(`L-1 High-traffic simulation (load test): Could not bind "QA run passed": binding: has nothing to watch in this project (QA run passed). The item is manual until someone binds it.`);
    expect(result.notes.some((n) => n.includes("runbook"))).toBe(false);
    const unresolved = await db.checklistActivity.findMany({ where: { item: { launchId: launch.id }, action: "binding.unresolved" }, include: { item: { select: { number: true } } } });
    expect(unresolved.map((a) => a.item.number).sort((a, b) => a - b)).toEqual(unbound.map((b) => b.number));
    for (const a of unresolved) {
      const kind = lines[a.item.number - 1].binding!.kind;
      expect(a.actor).toBe("T-Minus");
      if (bindingSource(kind)) expect(a.text).toMatch(/^Could not bind ".+": binding: has nothing to watch in this project \(.+\)\. The item is manual until someone binds it\.$/);
      else expect(a.text).toContain(`"${kind}"`);
    }
    const created = await db.checklistActivity.findMany({ where: { item: { launchId: launch.id }, action: "item.created" } });
    expect(created).toHaveLength(36);
    expect(created.every((a) => a.actor === users.approver.email)).toBe(true);

    const more = await db.$transaction((tx) => instantiateTemplate(tx, { projectId: project.id, launchId: launch.id, body: ZTemplateBody.parse(small), actor: "x", firstNumber: 37 }));
    expect(more).toEqual({ items: 3, notes: [expect.stringMatching(/^L-38 Push to production: Could not bind "/)] });
    const after = await db.checklistItem.findMany({ where: { launchId: launch.id, number: { gt: 36 } }, orderBy: { number: "asc" } });
    expect(after.map((i) => [i.number, i.position, i.section, i.title])).toEqual([[37, 36, "Ship", "Tag the release"], [38, 37, "Ship", "Push to production"], [39, 38, "Tell people", "Announce it"]]);
  });

  it("does nothing for an empty section list and rolls back with the caller's transaction", async () => {
    const { project, users } = await setup();
    const launch = await db.launch.create({ data: { projectId: project.id, name: "1.0", createdBy: users.admin.email } });
    await expect(db.$transaction((tx) => instantiateTemplate(tx, { projectId: project.id, launchId: launch.id, body: { sections: [{ title: "Empty", items: [] }] }, actor: "x" }))).resolves.toEqual({ items: 0, notes: [] });
    await expect(
      db.$transaction(async (tx) => {
        await instantiateTemplate(tx, { projectId: project.id, launchId: launch.id, body: PHASE5.body, actor: "x" });
        throw new Error("launch creation failed later");
      }),
    ).rejects.toThrow("launch creation failed later");
    expect(await db.checklistItem.count({ where: { launchId: launch.id } })).toBe(0);
  });
});
