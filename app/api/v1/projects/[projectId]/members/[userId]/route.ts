import { routeHandlers } from "@/lib/api/routes";

export const dynamic = "force-dynamic";
export const { DELETE, PATCH } = routeHandlers("/projects/{projectId}/members/{userId}");
