import { routeHandlers } from "@/lib/api/routes";

export const dynamic = "force-dynamic";
export const { GET, PATCH, DELETE } = routeHandlers("/projects/{projectId}/runbooks/{pageKey}");
