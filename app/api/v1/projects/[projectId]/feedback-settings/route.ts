import { routeHandlers } from "@/lib/api/routes";

export const dynamic = "force-dynamic";
export const { GET, PATCH } = routeHandlers("/projects/{projectId}/feedback-settings");
