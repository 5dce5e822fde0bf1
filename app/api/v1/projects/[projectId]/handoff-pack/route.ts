import { routeHandlers } from "@/lib/api/routes";

export const dynamic = "force-dynamic";
export const { GET } = routeHandlers("/projects/{projectId}/handoff-pack");
