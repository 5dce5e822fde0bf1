import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

// next-auth 4 reports every failed OAuth callback as "Callback". A person pressing Cancel on GitHub is not a
// failure, so GitHub's documented access_denied redirect goes straight back to sign-in with its own message.
const handler = (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => {
  const url = new URL(req.url);
  if (url.pathname.endsWith("/callback/github") && url.searchParams.get("error") === "access_denied") {
    return Response.redirect(new URL("/signin?error=access_denied", env.NEXTAUTH_URL), 302);
  }
  return NextAuth(authOptions())(req, ctx);
};
export { handler as GET, handler as POST };
