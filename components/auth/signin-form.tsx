"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Alert } from "@/components/ui/card";
import { useHydrated } from "@/components/ui/use-hydrated";
import { safeCallback } from "./safe-callback";

export const SIGNIN_ERRORS: Record<string, string> = {
  RateLimited: "Too many attempts. Wait a few minutes, then try again.",
  CredentialsSignin: "The email or password is not right. Check both and try again.",
  NoAccount: "No T-Minus account is linked to that GitHub account. Ask a project admin for an invitation.",
  SessionRequired: "Sign in to continue.",
};
const describe = (code: string) => SIGNIN_ERRORS[code] ?? "Sign-in failed. Try again; if it keeps failing, ask your T-Minus admin.";

export function SignInForm({ callbackUrl, initialError, githubEnabled }: { callbackUrl?: string; initialError?: string; githubEnabled: boolean }) {
  const [error, setError] = useState(initialError ? describe(initialError) : "");
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
    setError(describe(res?.error ?? "unknown"));
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
      {githubEnabled && (
        <>
          <p className="text-center text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-400">or</p>
          <Button variant="secondary" className="w-full" onClick={() => signIn("github", { callbackUrl: target })}>
            Sign in with GitHub
          </Button>
        </>
      )}
    </div>
  );
}
