import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";
import { GITHUB_LINK_COOKIE, cookieFrom, githubLinkSetCookie, readGithubLinkCookie } from "@/lib/auth/github-link-cookie";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

// next-auth 4 reports every failed OAuth callback as "Callback". A person pressing Cancel on GitHub is not a
// failure, so GitHub's documented access_denied redirect goes straight back to sign-in with its own message.
const handler = async (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => {
  const url = new URL(req.url);
  const githubCallback = url.pathname.endsWith("/callback/github");
  const linkCookie = githubCallback ? cookieFrom(req.headers.get("cookie"), GITHUB_LINK_COOKIE) : null;
  const githubLinkUserId = readGithubLinkCookie(linkCookie);
  if (githubCallback && url.searchParams.get("error") === "access_denied") {
    return Response.redirect(new URL(`${githubLinkUserId ? "/account" : "/signin"}?error=access_denied`, env.NEXTAUTH_URL), 302);
  }
  const res: Response = await NextAuth(authOptions({ githubLinkUserId }))(req, ctx);
  if (!linkCookie) return res;
  // The link request is used up by this callback, whatever its outcome.
  const headers = new Headers(res.headers);
  headers.append("set-cookie", githubLinkSetCookie(null));
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
};
export { handler as GET, handler as POST };
