import { metrics, metricsAuthorized, renderJobMetrics } from "@/lib/observability/metrics";
import { JOBS } from "@/lib/jobs/contract";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export async function GET(req: Request) {
  if (!metricsAuthorized(req.headers.get("authorization"), env.METRICS_TOKEN)) {
    return Response.json(
      { error: { code: "unauthenticated", message: "Metrics need 'Authorization: Bearer <METRICS_TOKEN>'; ask the operator of this instance for the token" } },
      { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"', "cache-control": "no-store" } },
    );
  }
  const { registry } = metrics();
  const body = (await registry.metrics()) + (await renderJobMetrics(Object.keys(JOBS)));
  return new Response(body, { headers: { "content-type": registry.contentType } });
}
