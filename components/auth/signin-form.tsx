"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useHydrated } from "@/components/ui/use-hydrated";
import { safeCallback } from "./safe-callback";
import { GithubButton } from "./github-button";
import { describeSignInError } from "./signin-errors";

export function SignInForm({ callbackUrl, initialError, githubEnabled }: { callbackUrl?: string; initialError?: string; githubEnabled: boolean }) {
  const [error, setError] = useState(initialError ? describeSignInError(initialError) : "");
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  const target = safeCallback(callbackUrl);
  // Before hydration a submit would be a plain form post; keep the button inert until React handles it.
  const hydrated = useHydrated();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError("");
    const res = await signIn("credentials", { redirect: false, email: String(form.get("email")), password: String(form.get("password")), callbackUrl: target });
    if (res?.ok && !res.error) {
      router.push(target);
      router.refresh();
      return;
    }
    setBusy(false);
    setError(describeSignInError(res?.error ?? "unknown"));
  }

  return (
    <div className="space-y-5">
      {error && <Alert title="Could not sign in">{error}</Alert>}
      <form method="post" onSubmit={submit} className="space-y-4">
        <TextField id="signin-email" name="email" type="email" label="Email" autoComplete="email" required />
        <TextField id="signin-password" name="password" type="password" label="Password" autoComplete="current-password" required />
        <Button type="submit" busy={busy} disabled={!hydrated} className="w-full">
          Sign in
        </Button>
      </form>
      {githubEnabled && <GithubButton callbackUrl={target} label="Sign in with GitHub" />}
    </div>
  );
}
