type Json = Record<string, unknown>;
type Param = { name: string; in: string; required?: boolean; description?: string; schema?: Json };
type Operation = { operationId: string; summary: string; tags: string[]; "x-permission": string; parameters: Param[]; requestBody?: { content: Record<string, { schema: Json }> }; responses: Record<string, { description: string; content?: Record<string, { schema: Json }> }> };
export type OpenApiDoc = { info: { title: string; version: string; description?: string }; servers: { url: string }[]; paths: Record<string, Record<string, Operation>> };

const methodStyle: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  POST: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  PATCH: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  DELETE: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
};

const permissionText = (p: string) => (p === "public" ? "Public (no sign-in)" : p === "authenticated" ? "Any signed-in caller" : `Project permission ${p}`);

function Schema({ label, schema }: { label: string; schema: Json }) {
  return (
    <details className="rounded-md border border-zinc-200 dark:border-zinc-700">
      <summary className="px-3 py-1.5 text-sm font-medium">{label}</summary>
      <pre className="max-h-96 overflow-auto border-t border-zinc-200 bg-zinc-50 p-3 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950" tabIndex={0}>
        {JSON.stringify(schema, null, 2)}
      </pre>
    </details>
  );
}

function OperationCard({ method, path, op, base }: { method: string; path: string; op: Operation; base: string }) {
  const success = Object.entries(op.responses).filter(([code]) => code.startsWith("2"));
  const failures = Object.entries(op.responses).filter(([code]) => !code.startsWith("2"));
  return (
    <article id={op.operationId} aria-labelledby={`${op.operationId}-title`} className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <h3 id={`${op.operationId}-title`} className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-2 py-0.5 font-mono text-xs font-bold ${methodStyle[method] ?? ""}`}>{method}</span>
        <code className="break-all font-mono text-sm font-semibold">{base + path}</code>
      </h3>
      <p className="text-sm">{op.summary}</p>
      <p className="text-xs text-zinc-700 dark:text-zinc-300">
        <span className="font-semibold">Permission:</span> {permissionText(op["x-permission"])}
      </p>
      {op.parameters.length > 0 && (
        <table className="w-full text-left text-xs">
          <caption className="sr-only">Parameters of {op.operationId}</caption>
          <thead className="text-zinc-600 dark:text-zinc-400">
            <tr>
              <th scope="col" className="py-1 pr-3 font-semibold">Parameter</th>
              <th scope="col" className="py-1 pr-3 font-semibold">In</th>
              <th scope="col" className="py-1 pr-3 font-semibold">Type</th>
              <th scope="col" className="py-1 font-semibold">Notes</th>
            </tr>
          </thead>
          <tbody>
            {op.parameters.map((p) => (
              <tr key={p.in + p.name} className="border-t border-zinc-200 dark:border-zinc-800">
                <td className="py-1 pr-3 font-mono">{p.name}{p.required && <span className="text-red-700 dark:text-red-400"> (required)</span>}</td>
                <td className="py-1 pr-3">{p.in}</td>
                <td className="py-1 pr-3 font-mono">{String(p.schema?.type ?? p.schema?.format ?? "—")}</td>
                <td className="py-1">{p.description ?? String(p.schema?.description ?? "")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="space-y-2">
        {op.requestBody && Object.entries(op.requestBody.content).map(([type, c]) => <Schema key={type} label={`Request body (${type})`} schema={c.schema} />)}
        {success.map(([code, r]) => (r.content ? Object.entries(r.content).map(([type, c]) => <Schema key={code + type} label={`Response ${code} (${type})`} schema={c.schema} />) : <p key={code} className="text-xs">Response {code}: {r.description}</p>))}
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">Errors: {failures.map(([code, r]) => `${code} ${r.description}`).join(" · ")}</p>
    </article>
  );
}

export function OpenApiView({ doc }: { doc: OpenApiDoc }) {
  const base = doc.servers[0]?.url ?? "";
  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags[0] ?? "Other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method: method.toUpperCase(), path, op });
    }
  }
  const tagId = (tag: string) => "tag-" + tag.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <div className="grid gap-8 lg:grid-cols-[14rem_1fr]">
      <nav aria-label="API sections" className="h-fit lg:sticky lg:top-4">
        <ul className="space-y-1 text-sm">
          {[...byTag.keys()].map((tag) => (
            <li key={tag}>
              <a href={`#${tagId(tag)}`} className="block rounded px-2 py-1 text-indigo-700 hover:bg-zinc-100 dark:text-indigo-300 dark:hover:bg-zinc-800">
                {tag} ({byTag.get(tag)!.length})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="space-y-10">
        {[...byTag.entries()].map(([tag, ops]) => (
          <section key={tag} id={tagId(tag)} aria-labelledby={`${tagId(tag)}-h`} className="space-y-3">
            <h2 id={`${tagId(tag)}-h`} className="text-lg font-semibold">{tag}</h2>
            {ops.map((o) => <OperationCard key={o.method + o.path} {...o} base={base} />)}
          </section>
        ))}
      </div>
    </div>
  );
}
