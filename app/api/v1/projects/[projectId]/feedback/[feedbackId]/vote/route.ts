import { routeHandlers } from "@/lib/api/routes";

export const dynamic = "force-dynamic";
export const { POST, DELETE } = routeHandlers("/projects/{projectId}/feedback/{feedbackId}/vote");
