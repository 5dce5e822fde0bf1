import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { ProjectList } from "@/components/projects/project-list";
import { NewProjectButton } from "@/components/projects/new-project-button";
import { sessionActor } from "@/lib/auth/session";
import { listProjects } from "@/lib/projects/projects";
import { mayCreateProjects, PROJECT_CREATION_REFUSED } from "@/lib/settings/instance";

export const metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const actor = await sessionActor();
  if (!actor) redirect("/signin");
  const projects = await listProjects({ ctx: { actor } });
  const mayCreate = await mayCreateProjects(actor);
  return (
    <>
      <PageHeader
        title="Projects"
        description="Each project is one product you are launching, with its targets, team and audit log."
        actions={mayCreate ? <NewProjectButton /> : undefined}
      />
      {!mayCreate && (
        <p className="mb-6 rounded-lg border border-zinc-200 p-4 text-sm text-zinc-700 dark:border-zinc-800 dark:text-zinc-300">
          {PROJECT_CREATION_REFUSED}
        </p>
      )}
      <ProjectList initial={projects} />
    </>
  );
}
