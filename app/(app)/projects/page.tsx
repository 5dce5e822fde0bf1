import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { ProjectList } from "@/components/projects/project-list";
import { NewProjectForm } from "@/components/projects/new-project-form";
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
      <PageHeader title="Projects" description="Each project is one product you are launching, with its targets, team and audit log." />
      <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
        <ProjectList initial={projects} />
        {mayCreate ? (
          <NewProjectForm />
        ) : (
          <p className="h-fit rounded-lg border border-zinc-200 p-5 text-sm text-zinc-700 dark:border-zinc-800 dark:text-zinc-300">
            {PROJECT_CREATION_REFUSED}
          </p>
        )}
      </div>
    </>
  );
}
