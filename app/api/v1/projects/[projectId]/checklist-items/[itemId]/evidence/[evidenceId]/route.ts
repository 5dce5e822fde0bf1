import { routeHandlers } from "@/lib/api/routes";

export const dynamic = "force-dynamic";
export const { DELETE } = routeHandlers("/projects/{projectId}/checklist-items/{itemId}/evidence/{evidenceId}");
