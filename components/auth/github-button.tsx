"use client";

import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";

/** GitHub sign-in; disabled until the page is interactive so an early click is not lost. */
export function GithubButton({ callbackUrl, label }: { callbackUrl: string; label: string }) {
  const hydrated = useHydrated();
  return (
    <>
      <p className="text-center text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-400">or</p>
      <Button variant="secondary" className="w-full" disabled={!hydrated} onClick={() => signIn("github", { callbackUrl })}>
        {label}
      </Button>
    </>
  );
}
