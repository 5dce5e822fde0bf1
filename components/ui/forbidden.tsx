import { ArrowLeft, Lock } from "lucide-react";
import { ButtonLink } from "./button";

export function Forbidden({ role, what, backHref }: { role: string; what: string; backHref: string }) {
  return (
    <div role="alert" className="mx-auto max-w-lg py-10 text-center">
      <p className="font-mono text-sm font-semibold tabular-nums text-amber-800 dark:text-amber-300">403</p>
      <h1 className="mt-2 flex items-center justify-center gap-2 text-2xl font-semibold tracking-tight">
        <Lock aria-hidden="true" className="size-6" />
        You need the {role} role
      </h1>
      <p className="mt-3 text-zinc-700 dark:text-zinc-300">{what} Ask a project admin if you need access.</p>
      <ButtonLink href={backHref} variant="primary" className="mt-8">
        <ArrowLeft aria-hidden="true" className="size-4" />
        Back to the project overview
      </ButtonLink>
    </div>
  );
}
