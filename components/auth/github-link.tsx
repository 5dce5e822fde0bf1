"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/card";
import { useHydrated } from "@/components/ui/use-hydrated";

async function readError(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? "Something went wrong. Try again.";
}

/** Linking goes through GitHub with a short-lived cookie naming this user; unlinking is one request. */
export function GithubLink({ linked, canUnlink }: { linked: boolean; canUnlink: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const router = useRouter();
  const hydrated = useHydrated();

  async function link() {
    setBusy(true);
    setError("");
    const res = await fetch("/api/auth/github-link", { method: "POST" });
    if (!res.ok) {
      setBusy(false);
      setError(await readError(res));
      return;
    }
    await signIn("github", { callbackUrl: "/account" });
  }

  async function unlink() {
    setBusy(true);
    setError("");
    const res = await fetch("/api/auth/github-link", { method: "DELETE" });
    setBusy(false);
    if (!res.ok) setError(await readError(res));
    router.refresh();
  }

  return (
    <div className="space-y-3">
      {error && <Alert title="GitHub was not changed">{error}</Alert>}
      {linked ? (
        canUnlink && (
          <Button variant="secondary" busy={busy} disabled={!hydrated} onClick={unlink}>
            Unlink GitHub account
          </Button>
        )
      ) : (
        <Button variant="secondary" busy={busy} disabled={!hydrated} onClick={link}>
          Link GitHub account
        </Button>
      )}
    </div>
  );
}
