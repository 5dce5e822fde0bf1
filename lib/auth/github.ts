import type { Profile } from "next-auth";
import GitHubProvider, { type GithubEmail, type GithubProfile } from "next-auth/providers/github";

/** GitHub's /user profile plus whether its `email` is one GitHub has verified for this account. */
export type VerifiedGithubProfile = GithubProfile & { email_verified: boolean };

export type GithubEndpoints = { clientId: string; clientSecret: string; githubUrl: string; apiUrl: string };

/**
 * The email sign-in may trust: the /user email when /user/emails lists it as verified, else the primary address
 * when it is verified. Without a verified one, the address is still returned (marked unverified) so the sign-in
 * page can say why it was refused.
 */
export function pickGithubEmail(profileEmail: string | null, emails: Pick<GithubEmail, "email" | "primary" | "verified">[]) {
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (profileEmail && emails.some((e) => e.verified && same(e.email, profileEmail))) return { email: profileEmail, verified: true };
  const primary = emails.find((e) => e.primary);
  if (primary?.verified) return { email: primary.email, verified: true };
  return { email: profileEmail ?? primary?.email ?? null, verified: false };
}

/** GET /user, then GET /user/emails (needs the user:email scope) to learn which address is verified. */
export async function fetchGithubProfile(apiUrl: string, accessToken: string): Promise<VerifiedGithubProfile> {
  const headers = {
    Authorization: `Bearer ${accessToken}`,
    Accept: "application/vnd.github+json",
    "X-GitHub-Api-Version": "2022-11-28",
    "User-Agent": "T-Minus",
  };
  const res = await fetch(`${apiUrl}/user`, { headers, cache: "no-store" });
  if (!res.ok) throw new Error(`GitHub GET /user answered ${res.status}`);
  const profile = (await res.json()) as GithubProfile;
  const emailsRes = await fetch(`${apiUrl}/user/emails`, { headers, cache: "no-store" });
  const emails = emailsRes.ok ? ((await emailsRes.json()) as GithubEmail[]) : [];
  const picked = pickGithubEmail(profile.email, Array.isArray(emails) ? emails : []);
  return { ...profile, email: picked.email, email_verified: picked.verified };
}

/** next-auth's own GitHub provider (profile mapping, callback path), pointed at github.com or an Enterprise host. */
export function githubProvider({ clientId, clientSecret, githubUrl, apiUrl }: GithubEndpoints) {
  return GitHubProvider<VerifiedGithubProfile>({
    clientId,
    clientSecret,
    issuer: `${githubUrl}/login/oauth`,
    authorization: { url: `${githubUrl}/login/oauth/authorize`, params: { scope: "read:user user:email" } },
    token: `${githubUrl}/login/oauth/access_token`,
    userinfo: {
      url: `${apiUrl}/user`,
      request: ({ tokens }) => {
        // GitHub reports a refused code with status 200 and an `error` field, which openid-client passes through.
        const refused = (tokens as { error?: unknown }).error;
        if (!tokens.access_token) throw new Error(`GitHub gave no access token${refused ? `: ${String(refused)}` : ""}`);
        // next-auth types the raw profile as OIDC-like (name?: string); GitHub's name is string | null, as in its own provider.
        return fetchGithubProfile(apiUrl, tokens.access_token) as Promise<unknown> as Promise<Profile>;
      },
    },
  });
}
