import { routeHandlers } from "@/lib/api/routes";

export const dynamic = "force-dynamic";
export const { POST, OPTIONS } = routeHandlers("/public/feedback/{key}");
