import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ItemView } from "@/components/launch/item-view";
import { NotFoundError } from "@/lib/errors";
import { getItem } from "@/lib/launch/items";
import { listMembers } from "@/lib/members/members";
import { loadProject } from "../../../load";
import { launchViewer } from "../../viewer";

type Params = Promise<{ slug: string; itemId: string }>;

const load = cache(async (slug: string, itemId: string) => {
  const loaded = await loadProject(slug);
  try {
    const item = await getItem({ ctx: loaded.ctx, input: { projectId: loaded.project.id, itemId } });
    return { ...loaded, item };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, itemId } = await params;
  const { project, item } = await load(slug, itemId);
  return { title: `${item.ref} ${item.title} · Launch · ${project.name}` };
}

export default async function ItemPage({ params }: { params: Params }) {
  const { slug, itemId } = await params;
  const loaded = await load(slug, itemId);
  const { ctx, project, item } = loaded;
  const viewer = launchViewer(loaded);
  // The pickers' choices: only people who can change who owns or does the item need them.
  const members = viewer.canWork ? await listMembers({ ctx, input: { projectId: project.id } }) : [];
  return <ItemView projectId={project.id} launchHref={`/projects/${project.slug}/launch`} initial={item} viewer={viewer} members={members} />;
}
