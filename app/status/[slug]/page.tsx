import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StatusView } from "@/components/status-page/status-view";
import { cachedPublicStatus } from "./data";

// Public: no session is read, so one rendering serves every visitor. next.config.ts gives /status/* a shared
// Cache-Control (public, max-age=15, s-maxage=30, stale-while-revalidate=60).

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const status = await cachedPublicStatus((await params).slug);
  if (!status) return { title: "Status page not found" };
  return { title: `Status · ${status.project.name}`, description: `${status.headline}: live status, 90-day uptime and incidents of ${status.project.name}.` };
}

export default async function PublicStatusPage({ params }: Props) {
  const status = await cachedPublicStatus((await params).slug);
  if (!status) notFound();
  return <StatusView status={status} />;
}
