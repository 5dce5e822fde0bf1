import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { env } from "../env";
import { authOptions } from "./next-auth";
import { loadSessionUser } from "./users";
import type { Actor } from "./context";

type UserActor = Extract<Actor, { type: "user" }>;

// Re-read from the database on every request so role and admin changes apply at once.
async function actorFor(uid: unknown): Promise<UserActor | null> {
  if (typeof uid !== "string") return null;
  const user = await loadSessionUser(uid);
  if (!user) return null;
  return { type: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin };
}

/** For server components and pages. */
export async function sessionActor(): Promise<UserActor | null> {
  const session = (await getServerSession(authOptions())) as { uid?: string } | null;
  return actorFor(session?.uid);
}

/** For route handlers: reads the session cookie from the request itself. */
export async function requestActor(req: Request): Promise<UserActor | null> {
  const token = await getToken({
    req: req as unknown as NextRequest,
    secret: env.NEXTAUTH_SECRET,
    secureCookie: env.NEXTAUTH_URL.startsWith("https://"),
  });
  return actorFor(token?.uid);
}
