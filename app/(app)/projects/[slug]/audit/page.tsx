import { Alert, PageHeader } from "@/components/ui/card";
import { forbidden } from "next/navigation";
import { AuditFilterForm } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-view";
import { buttonClass } from "@/components/ui/button";
import { listAudit } from "@/lib/audit/query";
import { listTargets } from "@/lib/targets/targets";
import { ValidationError } from "@/lib/errors";
import { auditExportHref, auditQuery, type AuditFilters } from "@/lib/queries/audit";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("Audit log");

const pick = (v: string | string[] | undefined) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

export default async function AuditPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const { ctx, project, can } = await loadProject(slug);
  if (!can("audit.read")) forbidden();

  const filters: AuditFilters = { action: pick(sp.action), actor: pick(sp.actor), objectType: pick(sp.objectType), from: pick(sp.from), to: pick(sp.to) };
  let first = null;
  let problem: ValidationError | null = null;
  // A range that ends before it starts would silently match nothing; say so beside the field instead.
  if (filters.from && filters.to && filters.from > filters.to) {
    problem = new ValidationError([{ path: "to", rule: "custom", message: `must be on or after the From date (${filters.from})` }]);
  }
  try {
    if (!problem) first = await listAudit({ ctx, input: { projectId: project.id, query: { ...auditQuery(filters), limit: 50 } } });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    problem = error;
  }
  const errors = Object.fromEntries((problem?.issues ?? []).map((i) => [i.path.replace(/^query\./, ""), i.message]));
  const targetNames = Object.fromEntries((await listTargets({ ctx, input: { projectId: project.id } })).map((t) => [t.id, t.name]));
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
        {problem && <Alert title="The filters are not valid">Check the field marked above; no entries are shown until the filters make sense.</Alert>}
        {first && <AuditTable key={JSON.stringify(filters)} projectId={project.id} projectBase={`/projects/${project.slug}`} targetNames={targetNames} filters={filters} first={first} />}
      </div>
    </>
  );
}
