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

export const SIGNIN_ERRORS: Record<string, string> = {
  RateLimited: "Too many attempts. Wait a few minutes, then try again.",
  CredentialsSignin: "The email or password is not right. Check both and try again.",
  NoAccount:
    "GitHub signed you in, but no T-Minus account matches that GitHub account or its verified email. T-Minus accounts are made by invitation: ask a project admin to invite the email you use on GitHub, accept the invitation, then sign in with GitHub again.",
  UnverifiedEmail:
    "Your GitHub account's primary email is not verified, so T-Minus cannot match it to an account. Verify it on GitHub (Settings → Emails) and sign in again, or ask a project admin for an invitation.",
  OtherGithubAccount:
    "The T-Minus account with that email is already linked to a different GitHub account. Sign in with that GitHub account or with your email and password.",
  OAuthSignin: "T-Minus could not reach GitHub to start signing in. Try again; if it keeps failing, ask your T-Minus admin.",
  OAuthCallback: "GitHub sign-in did not complete. Try again; if it keeps failing, ask your T-Minus admin.",
  AccessDenied: "GitHub sign-in was cancelled or refused. Try again, or sign in with your email and password.",
  // GitHub's own redirect when the person presses "Cancel" on its authorize page.
  access_denied: "GitHub sign-in was cancelled. Try again, or sign in with your email and password.",
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
      {githubEnabled && <GithubButton callbackUrl={target} label="Sign in with GitHub" />}
    </div>
  );
}
