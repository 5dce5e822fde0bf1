import { z } from "zod";
import type { RouteDef } from "../api/handler";
import { slugify } from "../projects/schemas";
import { ZTemplate, ZTemplateClone, ZTemplateCreate, ZTemplateImport, ZTemplateUpdate } from "./schemas";
import {
  ZTemplateDocument, ZTemplateExportQuery, cloneTemplate, createTemplate, deleteTemplate, exportTemplate, getTemplate, importTemplate, listTemplates,
  updateTemplate,
} from "./templates";

const T = "/projects/{projectId}/checklist-templates";
const tag = "Launch checklists";
const ZDeleted = z.object({ deleted: z.literal(true) });
const MEDIA = { json: "application/json", yaml: "application/yaml" } as const;

// Spread into ROUTES (lib/api/routes.ts); the handlers, the OpenAPI document and the RBAC matrix read them there.
export const TEMPLATE_ROUTES: RouteDef[] = [
  {
    id: "templates.list", method: "GET", path: T, tag, summary: 'Checklist templates: the built-in "phase-5" first, then the project\'s own by name',
    auth: "launch.read", mutating: false, response: z.array(ZTemplate),
    run: ({ ctx, params }) => listTemplates({ ctx, input: { projectId: params.projectId } }),
  },
  {
    id: "templates.create", method: "POST", path: T, tag, summary: "Create a checklist template; names are unique in the project", auth: "launch.manage", mutating: true,
    body: ZTemplateCreate, successStatus: 201, response: ZTemplate,
    run: ({ ctx, params, body }) => createTemplate({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "templates.import", method: "POST", path: `${T}/import`, tag,
    summary: "Import a template from a JSON or YAML document ({ name, description, sections }, as export writes it); errors name the field and line",
    auth: "launch.manage", mutating: true, body: ZTemplateImport, successStatus: 201, response: ZTemplate,
    run: ({ ctx, params, body }) => importTemplate({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "templates.get", method: "GET", path: `${T}/{templateId}`, tag, summary: 'One template, by id or "phase-5"', auth: "launch.read", mutating: false, response: ZTemplate,
    run: ({ ctx, params }) => getTemplate({ ctx, input: { projectId: params.projectId, templateId: params.templateId } }),
  },
  {
    id: "templates.update", method: "PATCH", path: `${T}/{templateId}`, tag, summary: "Rename a template or replace its description or body (the built-in one is read-only: clone it)",
    auth: "launch.manage", mutating: true, body: ZTemplateUpdate, response: ZTemplate,
    run: ({ ctx, params, body }) => updateTemplate({ ctx, input: { projectId: params.projectId, templateId: params.templateId, patch: body } }),
  },
  {
    id: "templates.delete", method: "DELETE", path: `${T}/{templateId}`, tag, summary: "Delete a template; launches made from it keep their items", auth: "launch.manage", mutating: true,
    response: ZDeleted, run: ({ ctx, params }) => deleteTemplate({ ctx, input: { projectId: params.projectId, templateId: params.templateId } }),
  },
  {
    id: "templates.clone", method: "POST", path: `${T}/{templateId}/clone`, tag, summary: "Copy a template (the built-in one included) under a new name, to edit", auth: "launch.manage", mutating: true,
    body: ZTemplateClone, successStatus: 201, response: ZTemplate,
    run: ({ ctx, params, body }) => cloneTemplate({ ctx, input: { projectId: params.projectId, templateId: params.templateId, data: body } }),
  },
  {
    // The OpenAPI document shows the JSON form; ?format=yaml answers the same document as application/yaml.
    id: "templates.export", method: "GET", path: `${T}/{templateId}/export`, tag,
    summary: "A template as a JSON (default) or YAML document, as a file; import reads it back", auth: "launch.read", mutating: false,
    query: ZTemplateExportQuery, response: ZTemplateDocument,
    run: async ({ ctx, params, query }) => {
      const format = query.format === "yaml" ? "yaml" : "json";
      const text = await exportTemplate({ ctx, input: { projectId: params.projectId, templateId: params.templateId, format: query.format } });
      // Reached only for a template that exists, so the id is a cuid or "phase-5"; slugify keeps the header safe anyway.
      const name = slugify(params.templateId) || "template";
      return new Response(text, {
        headers: { "content-type": `${MEDIA[format]}; charset=utf-8`, "content-disposition": `attachment; filename="template-${name}.${format}"` },
      });
    },
  },
];
