"use client";

import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, type FormEvent } from "react";
import { FormError } from "@/components/ui/form-error";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { ApiError } from "@/lib/queries/api";
import { createProject, projectKeys } from "@/lib/queries/projects";

export function NewProjectForm({ onCancel }: { onCancel?: () => void }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const mutation = useMutation({
    mutationFn: createProject,
    onSuccess: (project) => {
      queryClient.invalidateQueries({ queryKey: projectKeys.all });
      router.push(`/projects/${project.slug}`);
      router.refresh();
    },
  });
  const error = mutation.error instanceof ApiError ? mutation.error : null;
  const fields = error?.fieldErrors() ?? {};

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const slug = String(form.get("slug") ?? "").trim();
    mutation.mutate({ name: String(form.get("name")), description: String(form.get("description") ?? ""), ...(slug ? { slug } : {}) });
  }

  return (
    <form ref={formRef} onSubmit={submit} className="space-y-4" noValidate aria-label="New project">
      <FormError error={error} title="The project was not created" />
      <TextField id="project-name" name="name" label="Name" required placeholder="Acme Web" error={fields.name} />
      <TextField id="project-slug" name="slug" label="Slug" description="Used in URLs. Leave empty to derive it from the name." placeholder="acme-web" error={fields.slug} className="[&_input]:font-mono" />
      <TextAreaField id="project-description" name="description" label="Description" error={fields.description} />
      <div className="flex gap-2">
        <Button type="submit" busy={mutation.isPending}>
          Create project
        </Button>
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}
