import type { RouteDef } from "../api/handler";
import { ZCockpit, projectCockpit } from "./cockpit";

// Spread into ROUTES (lib/api/routes.ts): the handlers, the OpenAPI document and the RBAC matrix read it from there.
export const COCKPIT_ROUTES: RouteDef[] = [
  {
    id: "cockpit.get",
    method: "GET",
    path: "/projects/{projectId}/cockpit",
    tag: "Launch checklists",
    summary:
      "The launch cockpit in one read: the active launch's stage and readiness, every target's live status, version, lock and deployments in flight or waiting for approval, and open incidents",
    auth: "project.read",
    mutating: false,
    response: ZCockpit,
    run: ({ ctx, params }) => projectCockpit({ ctx, input: { projectId: params.projectId } }),
  },
];
