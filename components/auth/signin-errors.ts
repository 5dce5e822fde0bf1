/** Sentences for the ?error= codes next-auth and T-Minus send to the sign-in and account pages. */
export const SIGNIN_ERRORS: Record<string, string> = {
  RateLimited: "Too many failed sign-ins. Wait a few minutes, then try again.",
  CredentialsSignin: "The email or password is not right. Check both and try again.",
  NoAccount:
    "GitHub signed you in, but no T-Minus account matches that GitHub account or its verified email. T-Minus accounts are made by invitation: ask a project admin to invite the email you use on GitHub, accept the invitation, then sign in with GitHub again.",
  UnverifiedEmail:
    "Your GitHub account's primary email is not verified, so T-Minus cannot match it to an account. Verify it on GitHub (Settings → Emails) and sign in again, or ask a project admin for an invitation.",
  OtherGithubAccount:
    "The T-Minus account with that email is already linked to a different GitHub account. Sign in with that GitHub account or with your email and password.",
  LinkFromAccount:
    "This GitHub account is not linked to a T-Minus account yet. Sign in with your password, then link GitHub from your account page.",
  GithubLinkedElsewhere: "That GitHub account is already linked to another T-Minus account. Unlink it there first, or use a different GitHub account.",
  OAuthSignin: "T-Minus could not reach GitHub to start signing in. Try again; if it keeps failing, ask your T-Minus admin.",
  OAuthCallback: "GitHub sign-in did not complete. Try again; if it keeps failing, ask your T-Minus admin.",
  AccessDenied: "GitHub sign-in was cancelled or refused. Try again, or sign in with your email and password.",
  // GitHub's own redirect when the person presses "Cancel" on its authorize page.
  access_denied: "GitHub sign-in was cancelled. Try again, or sign in with your email and password.",
  SessionRequired: "Sign in to continue.",
  DemoPassword:
    "This demo account's password is published in the README, so it cannot sign in on a server other machines can reach. Create your own admin through /setup on a fresh database, or sign in with an account you were invited to.",
};

/** "RateLimited:email:12" (from lib/auth/next-auth.ts) becomes a sentence that says how long to wait. */
function lockedMessage(code: string): string | null {
  const [, scope, minutes] = /^RateLimited:(email|address):(\d{1,4})$/.exec(code) ?? [];
  if (!scope) return null;
  const whose = scope === "email" ? "for this email" : "from your network address";
  const wait = `${minutes} minute${minutes === "1" ? "" : "s"}`;
  return `Too many failed sign-ins ${whose}. Try again in ${wait}, or ask your T-Minus admin if you have forgotten your password.`;
}

export const describeSignInError = (code: string) =>
  lockedMessage(code) ?? SIGNIN_ERRORS[code] ?? "Sign-in failed. Try again; if it keeps failing, ask your T-Minus admin.";
