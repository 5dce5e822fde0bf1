import { redirect } from "next/navigation";
import { needsSetup } from "@/lib/auth/users";
import { sessionActor } from "@/lib/auth/session";

export default async function Home() {
  if (await needsSetup()) redirect("/setup");
  redirect((await sessionActor()) ? "/projects" : "/signin");
}
