import { getServerSession } from "next-auth";
import { authOptions } from "./next-auth";
import { loadSessionUser } from "./users";
import type { Actor } from "./context";

/** The signed-in user as an actor, re-read from the database so role and admin changes apply at once. */
export async function sessionActor(): Promise<Extract<Actor, { type: "user" }> | null> {
  const session = (await getServerSession(authOptions())) as { uid?: string } | null;
  if (!session?.uid) return null;
  const user = await loadSessionUser(session.uid);
  if (!user) return null;
  return { type: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin };
}
