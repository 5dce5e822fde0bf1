import { PageHeader } from "@/components/ui/card";
import { AddCheckButton } from "@/components/uptime/add-check-button";
import { MaintenanceWindows } from "@/components/uptime/maintenance-windows";
import { StatusPageTargets } from "@/components/uptime/status-page-targets";
import { UptimeOverview } from "@/components/uptime/uptime-overview";
import { listMaintenanceWindows } from "@/lib/monitoring/maintenance";
import { monitoringOverview } from "@/lib/monitoring/overview";
import { healthUrl } from "@/lib/targets/schemas";
import { listTargets } from "@/lib/targets/targets";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("Uptime");

export default async function UptimePage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const q = typeof sp.q === "string" ? sp.q.trim().slice(0, 200) : "";
  const { ctx, project, can } = await loadProject(slug);
  const input = { projectId: project.id };
  const [rows, targets, windows] = await Promise.all([monitoringOverview({ ctx, input: { ...input, query: q ? { q } : {} } }), listTargets({ ctx, input }), listMaintenanceWindows({ ctx, input })]);
  const canManage = can("check.manage");
  const checkTargets = targets.map((t) => ({ id: t.id, name: t.name, environment: t.environment, healthUrl: healthUrl(t.baseUrl, t.healthPath) }));
  const addCheck = canManage ? <AddCheckButton projectId={project.id} targets={checkTargets} /> : undefined;
  return (
    <>
      <PageHeader title="Uptime" description="Every check of the project, failing first, updated as each result arrives. Uptime is measured by time; maintenance and unknown time are left out and said." actions={addCheck} />
      <UptimeOverview projectId={project.id} projectSlug={project.slug} initial={rows} initialQ={q} addCheck={addCheck} />
      <div className="mt-8 grid min-w-0 gap-6 lg:grid-cols-2">
        <MaintenanceWindows projectId={project.id} targets={targets.map((t) => ({ id: t.id, name: t.name }))} initial={windows} canManage={can("maintenance.manage")} />
        <StatusPageTargets projectId={project.id} projectSlug={project.slug} targets={targets.map((t) => ({ id: t.id, name: t.name, environment: t.environment, publicStatus: t.publicStatus }))} canManage={can("target.update")} />
      </div>
    </>
  );
}
