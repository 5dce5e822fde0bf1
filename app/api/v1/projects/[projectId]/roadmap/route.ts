import { routeHandlers } from "@/lib/api/routes";

export const dynamic = "force-dynamic";
export const { GET, POST } = routeHandlers("/projects/{projectId}/roadmap");
