"use client";

import { useQuery } from "@tanstack/react-query";
import { Copy, Download, Lock, Pencil, Trash2, Upload } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { ErrorText } from "@/components/ui/error-text";
import { Badge } from "@/components/ui/status-pill";
import { RelativeTime } from "@/components/ui/time";
import { exportTemplateHref, fetchTemplates, launchKeys, type TTemplate } from "@/lib/queries/launch";
import { Tag } from "./labels";

const ImportDialog = lazy(() => import("./template-dialogs").then((m) => ({ default: m.ImportTemplateDialog })));
const CloneDialog = lazy(() => import("./template-dialogs").then((m) => ({ default: m.CloneTemplateDialog })));
const DeleteDialog = lazy(() => import("./template-dialogs").then((m) => ({ default: m.DeleteTemplateDialog })));
// Its own chunk: it brings the YAML parser, which the page's first load must not carry.
const EditDialog = lazy(() => import("./template-edit-dialog").then((m) => ({ default: m.EditTemplateDialog })));

type Open = { kind: "import" } | { kind: "clone" | "edit" | "delete"; template: TTemplate } | null;

/** The built-in Phase 5 checklist and the project's own templates: read, clone, import, export, delete. */
export function TemplatesView({ projectId, initial, canManage }: { projectId: string; initial: TTemplate[]; canManage: boolean }) {
  const { data: templates = initial, error } = useQuery({ queryKey: launchKeys.templates(projectId), queryFn: () => fetchTemplates(projectId), initialData: initial });
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const sorted = [...templates].sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || a.name.localeCompare(b.name));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="templates-heading" tabIndex={-1} className="text-lg font-semibold">
          Templates <span className="text-sm font-normal tabular-nums text-zinc-600 dark:text-zinc-400">({templates.length})</span>
        </h2>
        {canManage ? (
          <Button variant="secondary" onClick={() => setOpen({ kind: "import" })} aria-haspopup="dialog">
            <Upload aria-hidden="true" className="size-4" />
            Import template
          </Button>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Approvers and admins import, clone, edit and delete templates.</p>
        )}
      </div>
      {error ? <ErrorText error={error} fallback="The templates could not be refreshed. Reload the page to try again." /> : null}
      {sorted.length === 0 ? (
        <EmptyState title="No templates">Import one from JSON or YAML, or reload the page to see the built-in Phase 5 checklist.</EmptyState>
      ) : (
        <ul className="space-y-4">
          {sorted.map((t) => (
            <li key={t.id} id={`template-${t.id}`} tabIndex={-1} data-testid="template" className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <h3 className="flex flex-wrap items-center gap-2 text-base font-semibold">
                    <span className="break-words">{t.name}</span>
                    {t.builtIn && (
                      <Tag icon={Lock} tone="info">
                        Built in
                      </Tag>
                    )}
                  </h3>
                  {t.description && <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">{t.description}</p>}
                  <p className="mt-1 text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
                    {t.itemCount} items in {t.sectionCount} sections
                    {t.createdBy && ` · by ${t.createdBy}`}
                    {t.updatedAt && (
                      <>
                        {" "}
                        · updated <RelativeTime iso={t.updatedAt} />
                      </>
                    )}
                  </p>
                </div>
                <div className="flex flex-wrap gap-2">
                  <a href={exportTemplateHref(projectId, t.id, "json")} download className={buttonClass("ghost")} aria-label={`Export ${t.name} as JSON`}>
                    <Download aria-hidden="true" className="size-4" />
                    JSON
                  </a>
                  <a href={exportTemplateHref(projectId, t.id, "yaml")} download className={buttonClass("ghost")} aria-label={`Export ${t.name} as YAML`}>
                    <Download aria-hidden="true" className="size-4" />
                    YAML
                  </a>
                  {canManage && (
                    <Button variant="ghost" onClick={() => setOpen({ kind: "clone", template: t })} aria-haspopup="dialog" aria-label={`Clone ${t.name}`}>
                      <Copy aria-hidden="true" className="size-4" />
                      Clone
                    </Button>
                  )}
                  {canManage && !t.builtIn && (
                    <Button variant="ghost" onClick={() => setOpen({ kind: "edit", template: t })} aria-haspopup="dialog" aria-label={`Edit ${t.name}`}>
                      <Pencil aria-hidden="true" className="size-4" />
                      Edit
                    </Button>
                  )}
                  {canManage && !t.builtIn && (
                    <Button variant="ghost" onClick={() => setOpen({ kind: "delete", template: t })} aria-haspopup="dialog" aria-label={`Delete ${t.name}`}>
                      <Trash2 aria-hidden="true" className="size-4" />
                      Delete
                    </Button>
                  )}
                </div>
              </div>
              <details className="mt-3">
                <summary className="cursor-pointer text-sm font-medium text-indigo-700 dark:text-indigo-300">Show the {t.itemCount} items</summary>
                <div className="mt-3 space-y-4">
                  {t.body.sections.map((s, si) => (
                    <section key={si} aria-label={s.title}>
                      <h4 className="text-sm font-semibold">{s.title}</h4>
                      <ul className="mt-1 space-y-1 text-sm">
                        {s.items.map((it, ii) => (
                          <li key={ii} className="flex flex-wrap items-center gap-2">
                            <span className="break-words">{it.title}</span>
                            {it.blocking && <Badge tone="danger">BLOCKING</Badge>}
                            {it.signOffRequired && <Badge>Sign-off</Badge>}
                            {it.renewalDays && <Badge>Renews every {it.renewalDays} days</Badge>}
                            {it.binding && <Badge tone="info">Automated: {String(it.binding.kind)}</Badge>}
                          </li>
                        ))}
                      </ul>
                    </section>
                  ))}
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
      <Suspense fallback={null}>
        {open?.kind === "import" && <ImportDialog projectId={projectId} onClose={close} />}
        {open?.kind === "clone" && <CloneDialog projectId={projectId} template={open.template} onClose={close} />}
        {open?.kind === "edit" && <EditDialog projectId={projectId} template={open.template} onClose={close} />}
        {open?.kind === "delete" && <DeleteDialog projectId={projectId} template={open.template} onClose={close} />}
      </Suspense>
    </div>
  );
}
