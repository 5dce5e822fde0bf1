import { db } from "../db";
import { FEEDBACK_FLOW, fbRef, type TFeedbackStatus } from "./schemas";
import { z } from "zod";
import { ZPublicBoardItem } from "./schemas";
import { publishEvents, recordEvent } from "../live/events";
import { FEEDBACK_EVENT } from "./intake";

// The public board a project may publish: accepted ideas and bugs with their status and votes. Read without signing
// in; votes from the public are one per client (hashed address).

type TPublicBoardItem = z.infer<typeof ZPublicBoardItem>;
const SHOWN: TFeedbackStatus[] = [...FEEDBACK_FLOW];

export async function publicBoard(slug: string): Promise<{ project: { name: string; slug: string }; items: TPublicBoardItem[] } | null> {
  const project = await db.project.findUnique({ where: { slug }, select: { id: true, name: true, slug: true, feedbackSettings: { select: { boardPublic: true } } } });
  if (!project?.feedbackSettings?.boardPublic) return null;
  const rows = await db.feedbackItem.findMany({
    where: { projectId: project.id, status: { in: SHOWN as never[] }, type: { in: ["idea", "bug"] } },
    select: { number: true, type: true, title: true, status: true, voteCount: true, fixedInRelease: { select: { version: true } } },
    orderBy: [{ voteCount: "desc" }, { number: "desc" }],
    take: 500,
  });
  return {
    project: { name: project.name, slug: project.slug },
    items: rows.map((r) => ({ ref: fbRef(r.number), type: r.type, title: r.title, status: r.status, voteCount: r.voteCount, fixedIn: r.fixedInRelease?.version ?? null })),
  };
}

/** A +1 from the public board: one per voter key (a salted hash of the client), on a shown item only. */
export async function publicVote(input: { slug: string; ref: string; ipHash: string }): Promise<{ voteCount: number } | null> {
  const m = /^FB-(\d{1,9})$/i.exec(input.ref);
  if (!m || !input.ipHash) return null;
  const project = await db.project.findUnique({ where: { slug: input.slug }, select: { id: true, feedbackSettings: { select: { boardPublic: true } } } });
  if (!project?.feedbackSettings?.boardPublic) return null;
  const item = await db.feedbackItem.findUnique({ where: { projectId_number: { projectId: project.id, number: Number(m[1]) } }, select: { id: true, status: true, type: true } });
  if (!item || !SHOWN.includes(item.status) || !["idea", "bug"].includes(item.type)) return null;
  const { count, event } = await db.$transaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO "FeedbackVote" ("itemId","voterKey","createdAt") VALUES (${item.id}, ${`public:${input.ipHash}`}, now()) ON CONFLICT DO NOTHING`;
    await tx.$executeRaw`UPDATE "FeedbackItem" SET "voteCount" = (SELECT count(*) FROM "FeedbackVote" WHERE "itemId" = ${item.id}) WHERE "id" = ${item.id}`;
    const count = (await tx.feedbackItem.findUniqueOrThrow({ where: { id: item.id }, select: { voteCount: true } })).voteCount;
    return { count, event: await recordEvent(tx, project.id, FEEDBACK_EVENT, { kind: "changed", ids: [item.id] }) };
  });
  await publishEvents([event]);
  return { voteCount: count };
}
