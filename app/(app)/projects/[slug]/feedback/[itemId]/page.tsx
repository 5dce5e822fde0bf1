import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ItemView } from "@/components/feedback/item/item-view";
import { getFeedback } from "@/lib/feedback/items";
import { NotFoundError } from "@/lib/errors";
import { listMembers } from "@/lib/members/members";
import { listReleases } from "@/lib/releases/releases";
import { loadProject } from "../../load";

type Params = Promise<{ slug: string; itemId: string }>;

/** The item by id or by its ref (FB-12), read once per request by the metadata and the page. */
const load = cache(async (slug: string, itemId: string) => {
  const { ctx, project, can } = await loadProject(slug);
  try {
    const item = await getFeedback({ ctx, input: { projectId: project.id, itemId: decodeURIComponent(itemId) } });
    return { ctx, project, can, item };
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, itemId } = await params;
  const { project, item } = await load(slug, itemId);
  return { title: `${item.ref} ${item.title} · Feedback · ${project.name}` };
}

export default async function FeedbackItemPage({ params }: { params: Params }) {
  const { slug, itemId } = await params;
  const { ctx, project, can, item } = await load(slug, itemId);
  const canTriage = can("feedback.triage");
  const [members, releases] = canTriage
    ? await Promise.all([listMembers({ ctx, input: { projectId: project.id } }), listReleases({ ctx, input: { projectId: project.id } })])
    : [[], []];
  const me = ctx.actor?.type === "user" ? { id: ctx.actor.userId, name: ctx.actor.name } : null;
  return (
    <ItemView
      projectId={project.id}
      projectSlug={project.slug}
      itemId={item.id}
      initial={item}
      canTriage={canTriage}
      me={me}
      members={members}
      releases={releases.map((r) => ({ id: r.id, version: r.version, title: r.title, createdAt: r.createdAt }))}
    />
  );
}
