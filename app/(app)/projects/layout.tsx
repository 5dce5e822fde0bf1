import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { sessionActor } from "@/lib/auth/session";

export default async function ProjectsLayout({ children }: { children: ReactNode }) {
  if (!(await sessionActor())) redirect("/signin");
  return children;
}
