import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { ProjectList } from "@/components/projects/project-list";
import { NewProjectButton } from "@/components/projects/new-project-button";
import { sessionActor } from "@/lib/auth/session";
import { listProjects } from "@/lib/projects/projects";

export const metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const actor = await sessionActor();
  if (!actor) redirect("/signin");
  const projects = await listProjects({ ctx: { actor } });
  return (
    <>
      <PageHeader title="Projects" description="Each project is one product you are launching, with its targets, team and audit log." actions={<NewProjectButton />} />
      <ProjectList initial={projects} />
    </>
  );
}
