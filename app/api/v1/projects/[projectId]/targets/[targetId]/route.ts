import { routeHandlers } from "@/lib/api/routes";

export const dynamic = "force-dynamic";
export const { DELETE, GET, PATCH } = routeHandlers("/projects/{projectId}/targets/{targetId}");
