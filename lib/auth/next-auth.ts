import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "../env";
import { AppError } from "../errors";
import { githubProvider, type VerifiedGithubProfile } from "./github";
import { loadSessionUser, signInWithGithub, signInWithPassword, type SessionUser } from "./users";

function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || "local";
}

export function authOptions(): NextAuthOptions {
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
            const user = await signInWithPassword({ input: credentials ?? {}, ip: clientIp(req?.headers) });
            return user ? { id: user.id, email: user.email, name: user.name } : null;
          } catch (error) {
            // next-auth passes the message to the sign-in page as ?error=…
            if (error instanceof AppError && error.code === "rate_limited") throw new Error("RateLimited");
            if (error instanceof AppError && error.code === "invalid_input") return null;
            throw error;
          }
        },
      }),
      ...(env.githubAuthEnabled
        ? [githubProvider({ clientId: env.GITHUB_ID!, clientSecret: env.GITHUB_SECRET!, githubUrl: env.GITHUB_URL, apiUrl: env.GITHUB_API_URL })]
        : []),
    ],
    callbacks: {
      async signIn({ account, profile, user }) {
        if (account?.provider !== "github") return true;
        const github = profile as VerifiedGithubProfile | undefined;
        const result = await signInWithGithub({
          githubId: String(account.providerAccountId),
          email: github?.email ?? null,
          emailVerified: github?.email_verified === true,
          name: user.name ?? null,
        });
        if (!result.ok) return `/signin?error=${result.reason}`;
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
