import { NotFoundPage } from "@/components/shell/status-page";

export const metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <NotFoundPage>
      <p>The address may be mistyped, or the project or page was removed or renamed. If someone sent you this link, ask them for a new one.</p>
    </NotFoundPage>
  );
}
