import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { FeedbackForm } from "@/components/feedback/public/feedback-form";
import { ThankYou } from "@/components/feedback/public/thank-you";
import { env } from "@/lib/env";
import { formPageUrl, formProject } from "@/lib/feedback/public";
import { LIMITS } from "@/lib/feedback/schemas";
import { sendFeedback } from "./actions";

// The public feedback form of a project: no session is read and no app chrome is shown. Works without JavaScript
// (a plain form post to a server action, then a 303 here with ?sent=FB-12).

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const project = cache((slug: string) => formProject(slug));
const HINTS: Record<string, string> = { bug: "Something is broken", idea: "Something you would like", question: "Something you want to know", praise: "Something you like" };
const REF = /^FB-\d{1,9}$/;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await project((await params).slug);
  if (!found) return { title: "Feedback form not found" };
  return { title: `Send feedback · ${found.name}`, description: `Tell the ${found.name} team about a bug, an idea, a question or something you like.`, robots: { index: false } };
}

export default async function FeedbackPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const found = await project(slug);
  if (!found) notFound();
  const query = await searchParams;
  const sent = typeof query.sent === "string" && REF.test(query.sent) ? query.sent : null;
  const h = await headers();
  const from = typeof query.from === "string" ? query.from : null;
  const pageUrl = formPageUrl(from, h.get("referer"), new URL(env.NEXTAUTH_URL).origin);
  const formHref = `/feedback/${encodeURIComponent(found.slug)}`;

  return (
    <div className="mx-auto max-w-2xl px-4 pb-10 pt-8 sm:pt-12">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-800 focus:shadow-lg dark:focus:bg-zinc-900 dark:focus:text-indigo-200">
        Skip to content
      </a>
      <header>
        <p className="text-sm font-medium text-zinc-600 dark:text-zinc-400">Feedback</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight break-words sm:text-3xl">{found.name}</h1>
        {!sent && <p className="mt-2 text-zinc-700 dark:text-zinc-300">Found a bug, have an idea or a question? The team reads every message.</p>}
      </header>
      <main id="main" tabIndex={-1} className="mt-6 outline-none">
        {sent ? (
          <ThankYou reference={sent} againHref={formHref} />
        ) : (
          <div className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900 sm:p-6">
            <FeedbackForm
              action={sendFeedback.bind(null, found.slug)}
              types={found.types.map((t) => ({ ...t, hint: HINTS[t.value] ?? "" }))}
              idempotencyKey={randomUUID()}
              pageUrl={pageUrl}
              limits={{ title: LIMITS.title, details: LIMITS.body, email: LIMITS.email }}
            />
          </div>
        )}
      </main>
      <footer className="mt-12 flex flex-wrap items-center justify-between gap-2 border-t border-zinc-200 pt-5 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        <p>Your message goes to the {found.name} team only.</p>
        <p className="flex items-center gap-1.5">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4 text-indigo-600 dark:text-indigo-400" fill="currentColor">
            <path d="M12 2c3 2.5 4.5 6 4.5 9.5 0 1.3-.2 2.6-.6 3.8l2.1 2.2-1.5 3.5-2.6-2H10.1l-2.6 2L6 17.5l2.1-2.2c-.4-1.2-.6-2.5-.6-3.8C7.5 8 9 4.5 12 2Z" />
          </svg>
          Powered by T-Minus
        </p>
      </footer>
    </div>
  );
}
