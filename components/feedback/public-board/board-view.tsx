import { CalendarClock, CircleCheck, CircleDot, Hammer, MessageSquarePlus, Rocket, ThumbsUp, type LucideIcon } from "lucide-react";
import { buttonClass } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { TypeBadge } from "../badges";
import { groupPublicItems, type PublicBoardItem, type PublicStatus } from "./groups";
import { VoteButton } from "./vote-button";

// The public board: what publicBoard returns and nothing else, no app chrome and no links into the app. Server-rendered;
// the +1 is a form POST to a server action, so it works without JavaScript.

const ICON: Record<PublicStatus, LucideIcon> = { accepted: CircleDot, planned: CalendarClock, in_progress: Hammer, fixed: CircleCheck, released: Rocket };

type Props = {
  project: { name: string; slug: string };
  items: PublicBoardItem[];
  message: { tone: "warning"; text: string } | null;
  voted: string | null;
  vote: (form: FormData) => Promise<void>;
};

export function PublicBoardView({ project, items, message, voted, vote }: Props) {
  const groups = groupPublicItems(items);
  const formHref = `/feedback/${project.slug}`;
  return (
    <div className="mx-auto max-w-3xl px-4 pb-10 pt-8 sm:pt-12">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-semibold focus:text-indigo-800 focus:shadow-lg dark:focus:bg-zinc-900 dark:focus:text-indigo-200">
        Skip to the board
      </a>
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <p className="text-sm font-medium text-zinc-600 dark:text-zinc-400">Feedback board</p>
          <h1 className="mt-1 text-2xl font-semibold tracking-tight break-words sm:text-3xl">{project.name}</h1>
        </div>
        <a href={formHref} className={buttonClass("primary")}>
          <MessageSquarePlus aria-hidden="true" className="size-4" />
          Send feedback
        </a>
      </header>
      <main id="main" tabIndex={-1} className="mt-6 space-y-8 outline-none">
        <p className="text-sm text-zinc-700 dark:text-zinc-300">
          Bugs and ideas the team has accepted, and how far each has got. Add a +1 to what matters to you; missing something? <a href={formHref} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">Tell the team</a>.
        </p>
        {message && (
          <Alert tone={message.tone}>
            <p>{message.text}</p>
          </Alert>
        )}
        {items.length === 0 && (
          <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-700 dark:border-zinc-700 dark:text-zinc-300">
            Nothing on the board yet. Bugs and ideas show here once the team accepts them; <a href={formHref} className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">send yours through the form</a>.
          </p>
        )}
        {items.length > 0 &&
          groups.map((g) => {
            const Icon = ICON[g.status];
            return (
              <section key={g.status} aria-labelledby={`group-${g.status}`}>
                <h2 id={`group-${g.status}`} className="flex items-center gap-2 text-lg font-semibold">
                  <Icon aria-hidden="true" className="size-5 text-zinc-600 dark:text-zinc-400" />
                  {g.title}
                  <span className="text-sm font-normal text-zinc-600 tabular-nums dark:text-zinc-400">
                    ({g.items.length}
                    <span className="sr-only"> {g.items.length === 1 ? "item" : "items"}</span>)
                  </span>
                </h2>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">{g.note}</p>
                {g.items.length === 0 ? (
                  <p className="mt-2 text-sm text-zinc-600 italic dark:text-zinc-400">Nothing here right now.</p>
                ) : (
                  <ul className="mt-3 divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
                    {g.items.map((item) => (
                      <Item key={item.ref} item={item} slug={project.slug} vote={vote} justVoted={item.ref === voted} />
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
      </main>
      <footer className="mt-12 flex flex-wrap items-center justify-between gap-2 border-t border-zinc-200 pt-5 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
        <p>One +1 per visitor and item.</p>
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

function Item({ item, slug, vote, justVoted }: { item: PublicBoardItem; slug: string; vote: Props["vote"]; justVoted: boolean }) {
  return (
    // The id is the fragment the vote's redirect ends on, so the page comes back where the visitor was.
    <li id={item.ref} className="flex scroll-mt-6 flex-col gap-3 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0 space-y-1">
        <p className="flex flex-wrap items-center gap-2">
          <span className="font-mono text-xs font-semibold text-zinc-700 dark:text-zinc-300">{item.ref}</span>
          <TypeBadge value={item.type} />
        </p>
        <h3 className="font-medium break-words">{item.title}</h3>
        {item.fixedIn && (
          <p className="text-sm text-zinc-700 dark:text-zinc-300">
            Fixed in <span className="font-mono">{item.fixedIn.startsWith("v") ? item.fixedIn : `v${item.fixedIn}`}</span>
          </p>
        )}
        {justVoted && (
          <p id={`voted-${item.ref}`} role="status" className="flex items-center gap-1.5 text-sm font-medium text-emerald-800 dark:text-emerald-300">
            <CircleCheck aria-hidden="true" className="size-4 shrink-0" />
            Thanks: your +1 is counted (once per visitor).
          </p>
        )}
      </div>
      <form action={vote} className="flex shrink-0 items-center gap-3">
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="ref" value={item.ref} />
        <span className="inline-flex items-center gap-1 text-sm tabular-nums text-zinc-700 dark:text-zinc-300">
          <ThumbsUp aria-hidden="true" className="size-4" />
          {item.voteCount}
          <span className="sr-only">{item.voteCount === 1 ? " vote" : " votes"}</span>
        </span>
        <VoteButton itemRef={item.ref} justVoted={justVoted} noteId={`voted-${item.ref}`} />
      </form>
    </li>
  );
}
