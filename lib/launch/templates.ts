import type { ChecklistTemplate, Prisma } from "@prisma/client";
import { z } from "zod";
import YAML, { LineCounter, isNode } from "yaml";
import { db, type Tx } from "../db";
import { actorLabel, authorize, requireActor, type Ctx } from "../auth/context";
import { writeAudit } from "../audit/write";
import { ConflictError, NotFoundError, ValidationError, issuesFromZod, parseInput, type FieldIssue } from "../errors";
import { bindingFromTemplate } from "./bindings";
import { PHASE5, PHASE5_ID } from "./phase5";
import { itemRef } from "./readiness";
import { ZTemplateBody, ZTemplateClone, ZTemplateCreate, ZTemplateImport, ZTemplateUpdate, type TTemplate, type TTemplateBody } from "./schemas";

// Checklist templates: the built-in Phase 5 list (read-only, id "phase-5") and each project's own, which people
// create, clone, import from JSON or YAML and export again. A launch copies a template's items when it is created.

export const ZTemplateExportQuery = z.object({ format: z.enum(["json", "yaml"], { error: "must be json or yaml" }).default("json") }).strict();

/** What export writes and import reads: the body flattened with the name and description. */
export const ZTemplateDocument = z
  .object({ name: ZTemplateCreate.shape.name.optional(), description: ZTemplateCreate.shape.description, sections: ZTemplateBody.shape.sections })
  .strict();

const builtIn = (): TTemplate => ({
  id: PHASE5_ID,
  name: PHASE5.name,
  description: PHASE5.description,
  builtIn: true,
  sectionCount: PHASE5.body.sections.length,
  itemCount: PHASE5.body.sections.reduce((n, s) => n + s.items.length, 0),
  body: structuredClone(PHASE5.body),
  createdBy: null,
  updatedAt: null,
});

export function toTemplate(row: ChecklistTemplate): TTemplate {
  // Bodies are validated on the way in; parsing again fills defaults a hand-edited row might lack.
  const body = ZTemplateBody.parse(row.body);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    builtIn: false,
    sectionCount: body.sections.length,
    itemCount: body.sections.reduce((n, s) => n + s.items.length, 0),
    body,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

// The audit row keeps the outline (section and item titles), not every description.
const auditView = (t: { name: string; description: string; body: TTemplateBody }) => ({
  name: t.name,
  description: t.description,
  sections: t.body.sections.map((s) => ({ title: s.title, items: s.items.map((i) => i.title) })),
});

const READ_ONLY = `"${PHASE5.name}" is built in and read-only; clone it to change it`;

async function findTemplate(client: Tx | typeof db, projectId: string, templateId: string): Promise<TTemplate> {
  if (templateId === PHASE5_ID) return builtIn();
  const row = await client.checklistTemplate.findFirst({ where: { id: templateId, projectId } });
  if (!row) throw new NotFoundError("Template");
  return toTemplate(row);
}

/** The template a launch starts from (built-in or the project's), or null when there is none by that id. */
export async function templateBody(client: Tx | typeof db, projectId: string, templateId: string): Promise<TTemplate | null> {
  return findTemplate(client, projectId, templateId).catch((error) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
}

/** Names are unique per project regardless of case, and nobody may take the built-in's name. */
async function checkNameFree(tx: Tx, projectId: string, name: string, exceptId?: string) {
  const taken =
    name.toLowerCase() === PHASE5.name.toLowerCase() ||
    (await tx.checklistTemplate.findFirst({
      where: { projectId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
      select: { id: true },
    }));
  if (taken) {
    throw new ConflictError(`A template named "${name}" already exists in this project; choose another name`, "name_taken", [
      { path: "name", rule: "unique", message: "is already taken" },
    ]);
  }
}

async function insertTemplate(ctx: Ctx, projectId: string, action: string, data: { name: string; description: string; body: TTemplateBody }, extra = {}) {
  const actor = requireActor(ctx);
  return db.$transaction(async (tx) => {
    await checkNameFree(tx, projectId, data.name);
    const row = await tx.checklistTemplate.create({
      data: { projectId, name: data.name, description: data.description, body: data.body as Prisma.InputJsonValue, createdBy: actorLabel(actor) },
    });
    await writeAudit(tx, ctx, { projectId, action, objectType: "checklist_template", objectId: row.id, after: { ...auditView(data), ...extra } });
    return toTemplate(row);
  });
}

/** The built-in template first, then the project's own by name. */
export async function listTemplates({ ctx, input }: { ctx: Ctx; input: { projectId: string } }): Promise<TTemplate[]> {
  await authorize(ctx, input.projectId, "launch.read");
  const rows = await db.checklistTemplate.findMany({ where: { projectId: input.projectId }, orderBy: [{ name: "asc" }, { id: "asc" }] });
  return [builtIn(), ...rows.map(toTemplate)];
}

export async function getTemplate({ ctx, input }: { ctx: Ctx; input: { projectId: string; templateId: string } }): Promise<TTemplate> {
  await authorize(ctx, input.projectId, "launch.read");
  return findTemplate(db, input.projectId, input.templateId);
}

export async function createTemplate({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TTemplate> {
  await authorize(ctx, input.projectId, "launch.manage");
  const data = parseInput(ZTemplateCreate, input.data);
  return insertTemplate(ctx, input.projectId, "template.create", data);
}

export async function updateTemplate({ ctx, input }: { ctx: Ctx; input: { projectId: string; templateId: string; patch: unknown } }): Promise<TTemplate> {
  await authorize(ctx, input.projectId, "launch.manage");
  if (input.templateId === PHASE5_ID) throw new ConflictError(READ_ONLY, "template_read_only");
  const patch = parseInput(ZTemplateUpdate, input.patch);
  return db.$transaction(async (tx) => {
    const row = await tx.checklistTemplate.findFirst({ where: { id: input.templateId, projectId: input.projectId } });
    if (!row) throw new NotFoundError("Template");
    const before = toTemplate(row);
    if (patch.name !== undefined && patch.name !== row.name) await checkNameFree(tx, input.projectId, patch.name, row.id);
    const updated = await tx.checklistTemplate.update({
      where: { id: row.id },
      data: {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.body !== undefined ? { body: patch.body as Prisma.InputJsonValue } : {}),
      },
    });
    const after = toTemplate(updated);
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "template.update", objectType: "checklist_template", objectId: row.id, before: auditView(before), after: auditView(after) });
    return after;
  });
}

/** Launches made from the template keep their items; they only remember its name. */
export async function deleteTemplate({ ctx, input }: { ctx: Ctx; input: { projectId: string; templateId: string } }) {
  await authorize(ctx, input.projectId, "launch.manage");
  if (input.templateId === PHASE5_ID) throw new ConflictError(READ_ONLY, "template_read_only");
  await db.$transaction(async (tx) => {
    const row = await tx.checklistTemplate.findFirst({ where: { id: input.templateId, projectId: input.projectId } });
    if (!row) throw new NotFoundError("Template");
    await tx.checklistTemplate.delete({ where: { id: row.id } });
    await writeAudit(tx, ctx, { projectId: input.projectId, action: "template.delete", objectType: "checklist_template", objectId: row.id, before: auditView(toTemplate(row)) });
  });
  return { deleted: true as const };
}

export async function cloneTemplate({ ctx, input }: { ctx: Ctx; input: { projectId: string; templateId: string; data: unknown } }): Promise<TTemplate> {
  await authorize(ctx, input.projectId, "launch.manage");
  const data = parseInput(ZTemplateClone, input.data);
  const source = await findTemplate(db, input.projectId, input.templateId);
  return insertTemplate(ctx, input.projectId, "template.clone", { name: data.name, description: source.description, body: source.body }, { clonedFrom: { id: source.id, name: source.name } });
}

export async function importTemplate({ ctx, input }: { ctx: Ctx; input: { projectId: string; data: unknown } }): Promise<TTemplate> {
  await authorize(ctx, input.projectId, "launch.manage");
  const data = parseInput(ZTemplateImport, input.data);
  const document = parseTemplateDocument(data.format, data.content);
  const name = data.name ?? document.name;
  if (!name) throw new ValidationError([{ path: "content.name", rule: "required", message: "is required (in the document, or as name beside it)" }]);
  return insertTemplate(ctx, input.projectId, "template.import", { name, description: document.description, body: { sections: document.sections } }, { format: data.format });
}

export async function exportTemplate({ ctx, input }: { ctx: Ctx; input: { projectId: string; templateId: string; format?: unknown } }): Promise<string> {
  await authorize(ctx, input.projectId, "launch.read");
  const { format } = parseInput(ZTemplateExportQuery, { format: input.format });
  const template = await findTemplate(db, input.projectId, input.templateId);
  return templateDocument(template, format);
}

// ---- Documents (JSON and YAML) -------------------------------------------------------------------------------------

export function templateDocument(template: Pick<TTemplate, "name" | "description" | "body">, format: "json" | "yaml"): string {
  const doc = { name: template.name, description: template.description, sections: template.body.sections };
  return format === "json" ? `${JSON.stringify(doc, null, 2)}\n` : YAML.stringify(doc, { lineWidth: 0 });
}

/** Parsed with positions: JSON is YAML too (flow syntax), so this places fields and mistakes in either format. */
function readYaml(content: string) {
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(content, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number) => lineCounter.linePos(offset);
  const error = doc.errors[0];
  const where = error ? ` (line ${lineOf(error.pos[0]).line}, column ${lineOf(error.pos[0]).col})` : "";
  return { doc, lineOf, error: error && { message: error.message.split("\n")[0], where } };
}

/** " (line 3, column 16)" for a JSON syntax error; V8 gives an offset for some errors and only a snippet for others. */
function jsonErrorLine(content: string, message: string): string {
  if (/line \d+/.test(message)) return "";
  const offset = /at position (\d+)/.exec(message);
  if (offset) {
    const before = content.slice(0, Number(offset[1])).split("\n");
    return ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
  }
  return readYaml(content).error?.where ?? "";
}

/**
 * Parses an imported document into a template's name, description and sections. Errors are ValidationErrors under
 * `content`: a syntax error names its line and column, a bad field names its path (content.sections.0.items.2.title)
 * and, where the document shows it, its line.
 */
export function parseTemplateDocument(format: "json" | "yaml", content: string): z.infer<typeof ZTemplateDocument> {
  let value: unknown;
  let yaml: ReturnType<typeof readYaml> | undefined;
  if (format === "json") {
    try {
      value = JSON.parse(content);
    } catch (error) {
      const message = (error as Error).message.replace(/\s+/g, " ");
      throw new ValidationError([{ path: "content", rule: "json", message: `is not valid JSON: ${message}${jsonErrorLine(content, message)}` }]);
    }
  } else {
    yaml = readYaml(content);
    if (yaml.error) throw new ValidationError([{ path: "content", rule: "yaml", message: `is not valid YAML: ${yaml.error.message}${yaml.error.where}` }]);
    try {
      // maxAliasCount keeps a document of nested aliases ("billion laughs") from expanding without bound.
      value = yaml.doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      throw new ValidationError([{ path: "content", rule: "yaml", message: `could not be read: ${(error as Error).message}` }]);
    }
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const what = format === "json" ? "a JSON object" : "a YAML mapping";
    throw new ValidationError([{ path: "content", rule: "type", message: `must be ${what} with name, description and sections` }]);
  }
  const result = ZTemplateDocument.safeParse(value);
  if (!result.success) throw new ValidationError(withLines(issuesFromZod(result.error, "content"), yaml ?? readYaml(content)));
  return result.data;
}

/** Adds "(line N)" to each issue whose field (or nearest enclosing field) the document places on a line. */
function withLines(issues: FieldIssue[], { doc, lineOf }: ReturnType<typeof readYaml>): FieldIssue[] {
  return issues.map((issue) => {
    const path = issue.path.split(".").slice(1);
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth).map((k) => (/^\d+$/.test(k) ? Number(k) : k)), true);
      if (isNode(node) && node.range) return { ...issue, message: `${issue.message} (line ${lineOf(node.range[0]).line})` };
    }
    return issue;
  });
}

// ---- Launch instantiation ------------------------------------------------------------------------------------------

/**
 * Copies a template's items into a launch, inside the caller's transaction. Bindings are resolved against the project
 * (environment → target); one that cannot be leaves its item manual, with an activity line saying why, and a note
 * ("L-3 Title: why") in the result. Two inserts whatever the template's size, plus one resolution per distinct binding.
 */
export async function instantiateTemplate(
  tx: Tx,
  args: { projectId: string; launchId: string; body: TTemplateBody; actor: string; firstNumber?: number },
): Promise<{ items: number; notes: string[] }> {
  const first = args.firstNumber ?? 1;
  const flat = args.body.sections.flatMap((s) => s.items.map((i) => ({ ...i, section: s.title })));
  const resolved = new Map<string, Awaited<ReturnType<typeof bindingFromTemplate>>>();
  const rows: Prisma.ChecklistItemCreateManyInput[] = [];
  const unresolved: { number: number; title: string; note: string }[] = [];
  for (const [index, i] of flat.entries()) {
    const number = first + index;
    let binding = null;
    if (i.binding) {
      // Templates repeat bindings (the same uptime check on several items): resolve each distinct one once.
      const key = JSON.stringify(i.binding);
      if (!resolved.has(key)) resolved.set(key, await bindingFromTemplate(tx, args.projectId, i.binding));
      const result = resolved.get(key)!;
      binding = result.binding;
      if (result.note) unresolved.push({ number, title: i.title, note: result.note });
    }
    rows.push({
      launchId: args.launchId,
      projectId: args.projectId,
      number,
      position: number - 1,
      section: i.section,
      title: i.title,
      description: i.description,
      blocking: i.blocking,
      signOffRequired: i.signOffRequired,
      renewalDays: i.renewalDays,
      ...(binding ? { binding: binding as Prisma.InputJsonValue } : {}),
    });
  }
  if (!rows.length) return { items: 0, notes: [] };
  const created = await tx.checklistItem.createManyAndReturn({ data: rows, select: { id: true, number: true } });
  const idOf = new Map(created.map((c) => [c.number, c.id]));
  const activity: Prisma.ChecklistActivityCreateManyInput[] = [
    ...created.map((c) => ({ itemId: c.id, actor: args.actor, action: "item.created", text: "Added from the launch's template." })),
    ...unresolved.map((u) => ({ itemId: idOf.get(u.number)!, actor: "T-Minus", action: "binding.unresolved", text: u.note })),
  ];
  await tx.checklistActivity.createMany({ data: activity });
  return { items: created.length, notes: unresolved.map((u) => `${itemRef(u.number)} ${u.title}: ${u.note}`) };
}
