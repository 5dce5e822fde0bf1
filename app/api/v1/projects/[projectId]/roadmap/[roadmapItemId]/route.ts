import { routeHandlers } from "@/lib/api/routes";

export const dynamic = "force-dynamic";
export const { PATCH, DELETE } = routeHandlers("/projects/{projectId}/roadmap/{roadmapItemId}");
