import { InboxView } from "@/components/feedback/inbox/inbox-view";
import { FeedbackTabs } from "@/components/feedback/board/feedback-tabs";
import { readFilters, toQuery } from "@/components/feedback/inbox/params";
import { getFeedback, getFeedbackStats, listFeedback } from "@/lib/feedback/items";
import { NotFoundError } from "@/lib/errors";
import { listMembers } from "@/lib/members/members";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("Feedback");

export default async function FeedbackPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const sp = await searchParams;
  const { ctx, project, can } = await loadProject(slug);
  const projectId = project.id;
  const filters = readFilters(sp);
  const [rows, stats, members] = await Promise.all([
    listFeedback({ ctx, input: { projectId, query: toQuery(filters) } }),
    getFeedbackStats({ ctx, input: { projectId, days: 30 } }),
    listMembers({ ctx, input: { projectId } }),
  ]);
  // The pane opens on the item named in the URL when the list holds it, else on the first row.
  const wanted = typeof sp.item === "string" ? sp.item : undefined;
  const first = (wanted && rows.find((r) => r.id === wanted || r.ref.toLowerCase() === wanted.toLowerCase())) || rows[0];
  const item = first ? await getFeedback({ ctx, input: { projectId, itemId: first.id } }).catch((e) => (e instanceof NotFoundError ? null : Promise.reject(e))) : null;
  const me = ctx.actor?.type === "user" ? { id: ctx.actor.userId, name: ctx.actor.name } : null;
  return (
    <div className="space-y-6">
      <FeedbackTabs projectSlug={project.slug} current="inbox" />
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Feedback</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
          What users report through the form, the widget, the API, GitHub and Discord, in one inbox. Triage each item: accept it, decline it with a reason, merge duplicates, or snooze it.
        </p>
      </div>
      <InboxView
        projectId={projectId}
        projectSlug={project.slug}
        initialFilters={filters}
        initialRows={rows}
        initialStats={stats}
        initialItem={item}
        members={members}
        me={me}
        canTriage={can("feedback.triage")}
        canManage={can("feedback.manage")}
      />
    </div>
  );
}
