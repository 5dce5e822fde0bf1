import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { voteMessage, votedRef } from "@/components/feedback/public-board/groups";
import { PublicBoardView } from "@/components/feedback/public-board/board-view";
import { publicBoard } from "@/lib/feedback/board";
import { voteOnBoard } from "./actions";

// Public: no session is read. A project that has not published its board (or no such project) is a 404 that says so.

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const load = cache((slug: string) => (SLUG.test(slug) && slug.length <= 48 ? publicBoard(slug) : Promise.resolve(null)));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const board = await load((await params).slug);
  if (!board) return { title: "Feedback board not public" };
  return { title: `Feedback board · ${board.project.name}`, description: `Accepted bugs and ideas for ${board.project.name}, how far each has got, and a +1 for what matters to you.` };
}

export default async function PublicBoardPage({ params, searchParams }: Props) {
  const board = await load((await params).slug);
  if (!board) notFound();
  const sp = await searchParams;
  return <PublicBoardView project={board.project} items={board.items} message={voteMessage(sp)} voted={votedRef(sp)} vote={voteOnBoard} />;
}
