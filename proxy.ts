import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { newNonce, securityHeaders } from "@/lib/security/headers";

// Next 16's request proxy: a fresh CSP nonce per response. Next reads it from the request's CSP header and puts it
// on its own inline scripts; the root layout reads x-nonce for the theme script.
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const headers = securityHeaders({
    nonce,
    https: env.NEXTAUTH_URL.startsWith("https://"),
    dev: env.NODE_ENV === "development",
    // GitHub sign-in ends in a redirect to GitHub's authorize page after a POST.
    formTargets: env.githubAuthEnabled ? [new URL(env.GITHUB_URL).origin] : [],
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", headers["content-security-policy"]);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Hashed static assets carry no HTML; everything else (pages, API, metrics, health) gets the headers.
  matcher: [{ source: "/((?!_next/static|_next/image).*)" }],
};
