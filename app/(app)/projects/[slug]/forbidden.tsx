"use client";

import { useParams, usePathname } from "next/navigation";
import { Forbidden } from "@/components/ui/forbidden";

// Which role each restricted page needs, for the 403 page's message (the pages call forbidden()).
const NEEDS: Record<string, { role: string; what: string }> = {
  tokens: { role: "admin", what: "Only project admins manage API tokens." },
  notifications: { role: "admin", what: "Only project admins manage notification channels." },
  audit: { role: "approver or admin", what: "The audit log is open to approvers and admins." },
};

export default function ProjectForbidden() {
  const { slug } = useParams<{ slug: string }>();
  const page = usePathname().split("/").filter(Boolean).at(-1) ?? "";
  const need = NEEDS[page] ?? { role: "a higher", what: "Your role in this project does not open this page." };
  return <Forbidden role={need.role} what={need.what} backHref={`/projects/${slug}`} />;
}
