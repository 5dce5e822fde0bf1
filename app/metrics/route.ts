import { metrics, renderJobMetrics } from "@/lib/observability/metrics";
import { JOBS } from "@/lib/jobs/contract";

export const dynamic = "force-dynamic";
export async function GET() {
  const { registry } = metrics();
  const body = (await registry.metrics()) + (await renderJobMetrics(Object.keys(JOBS)));
  return new Response(body, { headers: { "content-type": registry.contentType } });
}
