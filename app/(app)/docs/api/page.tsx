import { PageHeader } from "@/components/ui/card";
import { OpenApiView, type OpenApiDoc } from "@/components/docs/openapi-view";
import { openApiDocument } from "@/lib/api/openapi";

export const metadata = { title: "API reference" };

export default function ApiDocsPage() {
  const doc = openApiDocument() as unknown as OpenApiDoc;
  return (
    <>
      <PageHeader
        title="API reference"
        description={
          <>
            {doc.info.description} Authenticate with a project API token (<code className="font-mono">Authorization: Bearer tmn_…</code>) or your session.
            Errors answer <code className="font-mono">{"{error:{code,message,issues,requestId}}"}</code>. The raw document is at{" "}
            <a href="/api/v1/openapi.json" className="font-medium text-indigo-700 underline dark:text-indigo-300">/api/v1/openapi.json</a>.
          </>
        }
      />
      <OpenApiView doc={doc} />
    </>
  );
}
