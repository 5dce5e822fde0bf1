import type { RouteDef } from "../api/handler";
import { createRunbook, deleteRunbook, getRunbook, listRunbooks, reviewRunbook, updateRunbook } from "./pages";
import { createRoadmapItem, deleteRoadmapItem, getRoadmap, updateRoadmapItem } from "./roadmap";
import { ZRoadmap, ZRoadmapCreate, ZRoadmapItem, ZRoadmapUpdate, ZRunbookCreate, ZRunbookDetail, ZRunbookSummary, ZRunbookUpdate } from "./schemas";
import { z } from "zod";
import { buildHandoffHtml, buildHandoffPack } from "../handoff/pack";

const R = "/projects/{projectId}/runbooks";
const M = "/projects/{projectId}/roadmap";
const tag = "Runbooks and roadmap";

// Spread into ROUTES (lib/api/routes.ts).
export const RUNBOOK_ROUTES: RouteDef[] = [
  { id: "runbooks.list", method: "GET", path: R, tag, summary: "The project's runbook pages: owner, last review, whether a review is due, template prompts left", auth: "runbook.read", mutating: false, response: z.array(ZRunbookSummary), run: ({ ctx, params }) => listRunbooks({ ctx, input: { projectId: params.projectId } }) },
  {
    id: "runbooks.create", method: "POST", path: R, tag, summary: "Add a page, blank or from a template (maintenance, backups, on-call, architecture)", auth: "runbook.write", mutating: true,
    body: ZRunbookCreate, successStatus: 201, response: ZRunbookDetail, run: ({ ctx, params, body }) => createRunbook({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  { id: "runbooks.get", method: "GET", path: `${R}/{pageKey}`, tag, summary: "One page: its Markdown, the sanitised HTML, open prompts and revisions", auth: "runbook.read", mutating: false, response: ZRunbookDetail, run: ({ ctx, params }) => getRunbook({ ctx, input: { projectId: params.projectId, key: params.pageKey } }) },
  {
    id: "runbooks.update", method: "PATCH", path: `${R}/{pageKey}`, tag, summary: "Edit a page (title, body, owner). Send baseVersion: a save over a newer version is refused with 409", auth: "runbook.write", mutating: true,
    body: ZRunbookUpdate, response: ZRunbookDetail, run: ({ ctx, params, body }) => updateRunbook({ ctx, input: { projectId: params.projectId, key: params.pageKey, data: body } }),
  },
  {
    id: "runbooks.review", method: "POST", path: `${R}/{pageKey}/review`, tag, summary: "Mark a page reviewed today (refused while template prompts are left)", auth: "runbook.write", mutating: true,
    response: ZRunbookDetail, run: ({ ctx, params }) => reviewRunbook({ ctx, input: { projectId: params.projectId, key: params.pageKey } }),
  },
  { id: "runbooks.delete", method: "DELETE", path: `${R}/{pageKey}`, tag, summary: "Delete a page and its revisions", auth: "runbook.delete", mutating: true, successStatus: 204, run: ({ ctx, params }) => deleteRunbook({ ctx, input: { projectId: params.projectId, key: params.pageKey } }) },
  { id: "roadmap.get", method: "GET", path: M, tag, summary: "The roadmap: planned items, known issues, scalability notes; and accepted feedback not yet planned", auth: "roadmap.read", mutating: false, response: ZRoadmap, run: ({ ctx, params }) => getRoadmap({ ctx, input: { projectId: params.projectId } }) },
  {
    id: "roadmap.create", method: "POST", path: M, tag, summary: "Add a roadmap item, or plan an accepted feedback item (feedbackItemId)", auth: "roadmap.write", mutating: true,
    body: ZRoadmapCreate, successStatus: 201, response: ZRoadmapItem, run: ({ ctx, params, body }) => createRoadmapItem({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "roadmap.update", method: "PATCH", path: `${M}/{roadmapItemId}`, tag, summary: "Change a roadmap item: kind, status, title, notes, owner, target release, position", auth: "roadmap.write", mutating: true,
    body: ZRoadmapUpdate, response: ZRoadmapItem, run: ({ ctx, params, body }) => updateRoadmapItem({ ctx, input: { projectId: params.projectId, roadmapItemId: params.roadmapItemId, data: body } }),
  },
  {
    id: "handoff.pack", method: "GET", path: "/projects/{projectId}/handoff-pack", tag,
    summary: "The handoff pack: a zip of Markdown files (overview, targets, checklist, deployments, uptime, incidents, QA, feedback, runbooks, roadmap), handoff.html and handoff.pdf. Never contains secrets",
    auth: "handoff.export", mutating: false, produces: "application/zip",
    run: async ({ ctx, params }) => {
      const { filename, zip } = await buildHandoffPack({ ctx, input: { projectId: params.projectId } });
      return new Response(zip as Uint8Array<ArrayBuffer>, { headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" } });
    },
  },
  {
    id: "handoff.html", method: "GET", path: "/projects/{projectId}/handoff-pack/html", tag, summary: "The pack's printable page (the same HTML as in the zip): open it and print", auth: "handoff.export", mutating: false, produces: "text/html",
    run: async ({ ctx, params }) => new Response(await buildHandoffHtml({ ctx, input: { projectId: params.projectId } }), { headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } }),
  },
  { id: "roadmap.delete", method: "DELETE", path: `${M}/{roadmapItemId}`, tag, summary: "Remove a roadmap item", auth: "roadmap.write", mutating: true, successStatus: 204, run: ({ ctx, params }) => deleteRoadmapItem({ ctx, input: { projectId: params.projectId, roadmapItemId: params.roadmapItemId } }) },
];
