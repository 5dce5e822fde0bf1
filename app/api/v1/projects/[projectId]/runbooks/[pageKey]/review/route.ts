import { routeHandlers } from "@/lib/api/routes";

export const dynamic = "force-dynamic";
export const { POST } = routeHandlers("/projects/{projectId}/runbooks/{pageKey}/review");
