import { randomUUID } from "node:crypto";
import { jsonError } from "@/lib/api/handler";
import { unlinkGithub } from "@/lib/auth/github-account";
import { githubLinkCookieValue, githubLinkSetCookie } from "@/lib/auth/github-link-cookie";
import { requestActor } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { AppError, ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/errors";

export const dynamic = "force-dynamic";

type UserActor = NonNullable<Awaited<ReturnType<typeof requestActor>>>;

// Cookie-authenticated and state-changing: only this site's own pages may ask (a cross-site form could otherwise
// start a link to the attacker's GitHub account in the victim's session).
function sameOriginOnly(req: Request) {
  const origin = req.headers.get("origin");
  const site = req.headers.get("sec-fetch-site");
  if (origin ? origin !== new URL(env.NEXTAUTH_URL).origin : site !== "same-origin") {
    throw new ForbiddenError("Link and unlink GitHub from your account page on this site");
  }
}

async function run(req: Request, verb: (actor: UserActor) => Promise<Response>) {
  const requestId = randomUUID();
  try {
    sameOriginOnly(req);
    if (!env.githubAuthEnabled) throw new NotFoundError("GitHub sign-in on this instance");
    const actor = await requestActor(req);
    if (!actor) throw new UnauthenticatedError("Sign in first, then link GitHub from your account");
    return await verb(actor);
  } catch (error) {
    if (error instanceof AppError) return jsonError(error, requestId);
    throw error;
  }
}

/** Step one of linking: remember, for ten minutes, who is signed in; the page then calls signIn("github"). */
export const POST = (req: Request) =>
  run(req, async (actor) => new Response(null, { status: 204, headers: { "set-cookie": githubLinkSetCookie(githubLinkCookieValue(actor.userId)) } }));

export const DELETE = (req: Request) => run(req, async (actor) => Response.json(await unlinkGithub({ ctx: { actor } })));
