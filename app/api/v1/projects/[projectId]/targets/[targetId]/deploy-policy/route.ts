import { routeHandlers } from "@/lib/api/routes";

export const dynamic = "force-dynamic";
export const { PATCH } = routeHandlers("/projects/{projectId}/targets/{targetId}/deploy-policy");
