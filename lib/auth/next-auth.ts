import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "../env";
import { AppError } from "../errors";
import { safeRedirect } from "@/components/auth/safe-callback";
import { clientAddress } from "./client-address";
import { githubProvider, type VerifiedGithubProfile } from "./github";
import { signInWithGithub } from "./github-account";
import { SignInLockedError } from "./signin-limit";
import { loadSessionUser, signInWithPassword, type SessionUser } from "./users";

/** `githubLinkUserId`: the signed-in user named by a valid link cookie on this request (see github-link-cookie.ts). */
export function authOptions({ githubLinkUserId = null }: { githubLinkUserId?: string | null } = {}): NextAuthOptions {
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          try {
            const ip = clientAddress(req?.headers, env.TRUSTED_PROXY_HOPS);
            const user = await signInWithPassword({ input: credentials ?? {}, ip });
            return user ? { id: user.id, email: user.email, name: user.name } : null;
          } catch (error) {
            // next-auth passes the message to the sign-in page as ?error=…; the page words it from scope and minutes.
            if (error instanceof SignInLockedError) throw new Error(`RateLimited:${error.scope}:${error.minutes}`);
            if (error instanceof AppError && error.code === "invalid_input") return null;
            if (error instanceof AppError && error.code === "demo_password") throw new Error("DemoPassword");
            throw error;
          }
        },
      }),
      ...(env.githubAuthEnabled
        ? [githubProvider({ clientId: env.GITHUB_ID!, clientSecret: env.GITHUB_SECRET!, githubUrl: env.GITHUB_URL, apiUrl: env.GITHUB_API_URL })]
        : []),
    ],
    callbacks: {
      redirect: safeRedirect,
      async signIn({ account, profile, user }) {
        if (account?.provider !== "github") return true;
        const github = profile as VerifiedGithubProfile | undefined;
        const identity = {
          githubId: String(account.providerAccountId),
          email: github?.email ?? null,
          emailVerified: github?.email_verified === true,
          name: user.name ?? null,
        };
        const result = await signInWithGithub(identity, { linkUserId: githubLinkUserId, linkByEmail: env.GITHUB_LINK_BY_EMAIL === "1" });
        // A link attempt comes from a signed-in person, whom /signin would bounce straight back: tell them on /account.
        if (!result.ok) return githubLinkUserId ? `/account?error=${result.reason}` : `/signin?error=${result.reason}`;
        // The session names the T-Minus user, not the GitHub profile.
        Object.assign(user, { id: result.user.id, email: result.user.email, name: result.user.name });
        return true;
      },
      async jwt({ token, user }) {
        if (user?.id) token.uid = user.id;
        return token;
      },
      async session({ session, token }) {
        if (typeof token.uid === "string") (session as { uid?: string }).uid = token.uid;
        return session;
      },
    },
  };
}

export type { SessionUser };
export { loadSessionUser };
