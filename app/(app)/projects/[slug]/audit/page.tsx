import { Alert, PageHeader } from "@/components/ui/card";
import { forbidden } from "next/navigation";
import { AuditFilterForm } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-view";
import { buttonClass } from "@/components/ui/button";
import { listAudit } from "@/lib/audit/query";
import { ValidationError } from "@/lib/errors";
import { auditExportHref, auditQuery, type AuditFilters } from "@/lib/queries/audit";
import { loadProject } from "../load";

export const metadata = { title: "Audit log" };

const pick = (v: string | string[] | undefined) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

export default async function AuditPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const { ctx, project, can } = await loadProject(slug);
  if (!can("audit.read")) forbidden();

  const filters: AuditFilters = { action: pick(sp.action), actor: pick(sp.actor), objectType: pick(sp.objectType), from: pick(sp.from), to: pick(sp.to) };
  let first = null;
  let problem: ValidationError | null = null;
  try {
    first = await listAudit({ ctx, input: { projectId: project.id, query: { ...auditQuery(filters), limit: 50 } } });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problem = error;
  }
  const errors = Object.fromEntries((problem?.issues ?? []).map((i) => [i.path.replace(/^query\./, ""), i.message]));
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change in this project: who, what and when. Newest first."
        actions={
          <a href={auditExportHref(project.id, filters)} className={buttonClass("secondary")} download>
            Export CSV
          </a>
        }
      />
      <div className="space-y-6">
        <AuditFilterForm filters={filters} errors={errors} resetHref={`/projects/${project.slug}/audit`} />
        {problem && <Alert title="The filters are not valid">{problem.message}</Alert>}
        {first && <AuditTable key={JSON.stringify(filters)} projectId={project.id} filters={filters} first={first} />}
      </div>
    </>
  );
}
