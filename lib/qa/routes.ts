import { z } from "zod";
import type { RouteDef } from "../api/handler";
import { cancelQaRun, createQaRun, getQaRun, listQaRuns, qaArtifact, qaRunLogs, qaRunPoints } from "./runs";
import { createQaProfile, deleteQaProfile, getQaProfile, listQaProfiles, runQaProfile, updateQaProfile } from "./profiles";
import {
  ZQaListQuery, ZQaLogLine, ZQaLogsQuery, ZQaPoint, ZQaProfile, ZQaProfileCreate, ZQaProfileUpdate, ZQaRun, ZQaRunCreate, ZQaRunSummary,
} from "./schemas";

const R = "/projects/{projectId}/qa-runs";
const P = "/projects/{projectId}/qa-profiles";
const tag = "QA";

// Spread into ROUTES (lib/api/routes.ts): the handlers, the OpenAPI document and the RBAC matrix read them there.
export const QA_ROUTES: RouteDef[] = [
  {
    id: "qa.list", method: "GET", path: R, tag, summary: "QA runs, newest first; filter by kind, target or status, page with ?before=<runId>",
    auth: "qa.read", mutating: false, query: ZQaListQuery, response: z.array(ZQaRunSummary),
    run: ({ ctx, params, query }) => listQaRuns({ ctx, input: { projectId: params.projectId, query } }),
  },
  {
    id: "qa.create", method: "POST", path: R, tag,
    summary:
      "Start a QA run of a kind (or a saved profile) against a target. Production targets need confirmProduction: true, and a load test against production needs an approver. CI polls the run until it finishes and fails on status failed or errored",
    auth: "qa.run", mutating: true, body: ZQaRunCreate, successStatus: 201, response: ZQaRun,
    run: ({ ctx, params, body }) => createQaRun({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "qa.get", method: "GET", path: `${R}/{runId}`, tag, summary: "One QA run: progress, result, metrics, findings (new, still there, fixed) and artifacts, with the previous run it is compared with",
    auth: "qa.read", mutating: false, response: ZQaRun,
    run: ({ ctx, params }) => getQaRun({ ctx, input: { projectId: params.projectId, runId: params.runId } }),
  },
  {
    id: "qa.cancel", method: "POST", path: `${R}/{runId}/cancel`, tag, summary: "Cancel a QA run: a queued one at once, a running one at its next check (it keeps what it measured)",
    auth: "qa.run", mutating: true, response: ZQaRun,
    run: ({ ctx, params }) => cancelQaRun({ ctx, input: { projectId: params.projectId, runId: params.runId } }),
  },
  {
    id: "qa.logs", method: "GET", path: `${R}/{runId}/logs`, tag, summary: "The run's log, oldest first; ?after=<line id> for the lines since the last read",
    auth: "qa.read", mutating: false, query: ZQaLogsQuery, response: z.array(ZQaLogLine),
    run: ({ ctx, params, query }) => qaRunLogs({ ctx, input: { projectId: params.projectId, runId: params.runId, query } }),
  },
  {
    id: "qa.points", method: "GET", path: `${R}/{runId}/points`, tag, summary: "A load test's per-second points (requests per second, latency percentiles, errors), for its charts",
    auth: "qa.read", mutating: false, response: z.array(ZQaPoint),
    run: ({ ctx, params }) => qaRunPoints({ ctx, input: { projectId: params.projectId, runId: params.runId } }),
  },
  {
    // Binary: a screenshot or a report, with its stored content type. The OpenAPI document lists it without a schema.
    id: "qa.artifact", method: "GET", path: `${R}/{runId}/artifacts/{artifactId}`, tag, summary: "An artifact of the run (a screenshot or a report) as a file",
    auth: "qa.read", mutating: false,
    run: async ({ ctx, params }) => {
      const a = await qaArtifact({ ctx, input: { projectId: params.projectId, runId: params.runId, artifactId: params.artifactId } });
      const filename = a.name.replace(/[^A-Za-z0-9._-]+/g, "-").slice(-120) || "artifact";
      return new Response(Buffer.from(a.data), {
        headers: {
          "content-type": a.contentType,
          "content-length": String(a.size),
          "content-disposition": `inline; filename="${filename}"`,
          // Artifacts never change; a page that shows twelve screenshots side by side should not fetch them twice.
          "cache-control": "private, max-age=86400, immutable",
          "x-content-type-options": "nosniff",
        },
      });
    },
  },
  {
    id: "qaProfiles.list", method: "GET", path: P, tag, summary: "Saved QA profiles (settings for a kind on a target, with schedule and after-deploy switch) and each one's last run",
    auth: "qa.read", mutating: false, response: z.array(ZQaProfile),
    run: ({ ctx, params }) => listQaProfiles({ ctx, input: { projectId: params.projectId } }),
  },
  {
    id: "qaProfiles.create", method: "POST", path: P, tag, summary: "Save a QA profile; production needs confirmProduction: true (automatic runs rely on it), production load tests an approver",
    auth: "qa.run", mutating: true, body: ZQaProfileCreate, successStatus: 201, response: ZQaProfile,
    run: ({ ctx, params, body }) => createQaProfile({ ctx, input: { projectId: params.projectId, data: body } }),
  },
  {
    id: "qaProfiles.get", method: "GET", path: `${P}/{profileId}`, tag, summary: "One QA profile", auth: "qa.read", mutating: false, response: ZQaProfile,
    run: ({ ctx, params }) => getQaProfile({ ctx, input: { projectId: params.projectId, profileId: params.profileId } }),
  },
  {
    id: "qaProfiles.update", method: "PATCH", path: `${P}/{profileId}`, tag, summary: "Rename a profile or change its settings, schedule or after-deploy switch (production asks for confirmation again)",
    auth: "qa.run", mutating: true, body: ZQaProfileUpdate, response: ZQaProfile,
    run: ({ ctx, params, body }) => updateQaProfile({ ctx, input: { projectId: params.projectId, profileId: params.profileId, data: body } }),
  },
  {
    id: "qaProfiles.delete", method: "DELETE", path: `${P}/{profileId}`, tag, summary: "Delete a profile; its runs stay", auth: "qa.run", mutating: true,
    response: z.object({ deleted: z.literal(true) }),
    run: ({ ctx, params }) => deleteQaProfile({ ctx, input: { projectId: params.projectId, profileId: params.profileId } }),
  },
  {
    id: "qaProfiles.run", method: "POST", path: `${P}/{profileId}/run`, tag, summary: "Run a profile now (production needs confirmProduction: true)",
    auth: "qa.run", mutating: true, body: ZQaProfileUpdate.pick({ confirmProduction: true }), successStatus: 201, response: ZQaRun,
    run: ({ ctx, params, body }) => runQaProfile({ ctx, input: { projectId: params.projectId, profileId: params.profileId, data: body } }),
  },
];
