import { notFound, redirect } from "next/navigation";
import { HandoffTabs } from "@/components/handoff/handoff-tabs";
import { RunbookEditor } from "@/components/runbooks/runbook-editor";
import { PageHeader } from "@/components/ui/card";
import { NotFoundError } from "@/lib/errors";
import { listMembers } from "@/lib/members/members";
import { getRunbook } from "@/lib/runbooks/pages";
import { loadProject } from "../../../load";

export async function generateMetadata({ params }: { params: Promise<{ slug: string; key: string }> }) {
  const { slug, key } = await params;
  const { project } = await loadProject(slug);
  return { title: `Edit ${key} · Runbooks · ${project.name}` };
}

export default async function EditRunbookPage({ params }: { params: Promise<{ slug: string; key: string }> }) {
  const { slug, key } = await params;
  const { ctx, project, can } = await loadProject(slug);
  if (!can("runbook.write")) redirect(`/projects/${project.slug}/runbooks/${key}`);
  let page;
  try {
    page = await getRunbook({ ctx, input: { projectId: project.id, key } });
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const members = await listMembers({ ctx, input: { projectId: project.id } });
  return (
    <>
      <HandoffTabs projectSlug={project.slug} current="runbooks" />
      <PageHeader title={`Edit “${page.title}”`} description={`Version ${page.version}. If someone saves this page while you edit, your save is refused and your text is kept, so nothing is overwritten.`} />
      <RunbookEditor
        projectId={project.id}
        projectSlug={project.slug}
        page={{ key: page.key, title: page.title, body: page.body, version: page.version, ownerId: page.owner?.id ?? null }}
        members={members.map((m) => ({ userId: m.userId, name: m.name }))}
      />
    </>
  );
}
