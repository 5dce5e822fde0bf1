import { PageHeader } from "@/components/ui/card";
import { forbidden } from "next/navigation";
import { TokensView } from "@/components/tokens/tokens-view";
import { listTokens } from "@/lib/tokens/tokens";
import { loadProject, projectTitle } from "../load";

export const generateMetadata = projectTitle("API tokens");

export default async function TokensPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { ctx, project, can } = await loadProject(slug);
  if (!can("token.read")) forbidden();
  const tokens = await listTokens({ ctx, input: { projectId: project.id } });
  return (
    <>
      <PageHeader title="API tokens" description="Bearer tokens for CI and scripts. Each token acts with the role you give it, in this project only." />
      <TokensView projectId={project.id} initial={tokens} />
    </>
  );
}
