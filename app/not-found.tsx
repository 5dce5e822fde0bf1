import { ArrowLeft } from "lucide-react";
import { StatusLink, StatusPage } from "@/components/shell/status-page";

export const metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <StatusPage
      code="404"
      title="This page does not exist"
      actions={
        <StatusLink href="/projects" primary>
          <ArrowLeft aria-hidden="true" className="size-4" />
          Back to your projects
        </StatusLink>
      }
    >
      <p>The address may be mistyped, or the project or page was removed or renamed. If someone sent you this link, ask them for a new one.</p>
    </StatusPage>
  );
}
