"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextAreaField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { api, ApiError } from "@/lib/queries/api";
import type { TInstanceSettings } from "@/lib/settings/schemas";

type Update = { projectCreation: TInstanceSettings["projectCreation"]; network: TInstanceSettings["network"] };

const saveSettings = (body: Update) => api<TInstanceSettings>("/instance/settings", { method: "PATCH", body });

const SWITCHES = [
  {
    key: "allowLoopback",
    label: "Allow loopback addresses",
    ranges: "127.0.0.0/8, ::1",
    meaning:
      "Workers may connect to this machine itself. Needed for targets that run beside T-Minus, like the demo targets; on a shared server it also opens local services such as databases to anyone who can add a target.",
  },
  {
    key: "allowPrivate",
    label: "Allow private addresses",
    ranges: "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7",
    meaning: "Workers may connect to private networks: your internal staging servers, but also every other internal service they can reach.",
  },
  {
    key: "allowLinkLocal",
    label: "Allow link-local addresses",
    ranges: "169.254.0.0/16, fe80::/10",
    meaning:
      "Workers may connect to link-local addresses, where cloud providers serve instance metadata and credentials (169.254.169.254). Leave this off unless a target really lives there.",
  },
] as const;

/** "network.allowedCidrs.2" → the 3rd line of the textarea, named for people. */
function cidrErrors(error: ApiError | null): string | undefined {
  const lines = (error?.issues ?? [])
    .filter((i) => i.path.startsWith("network.allowedCidrs"))
    .map((i) => {
      const index = Number(i.path.split(".")[2]);
      return Number.isInteger(index) ? `Line ${index + 1}: ${i.message}` : i.message;
    });
  return lines.length ? lines.join(" ") : undefined;
}

export function InstanceSettingsForm({ initial }: { initial: TInstanceSettings }) {
  const [saved, setSaved] = useState("");
  const mutation = useMutation({
    mutationFn: saveSettings,
    onMutate: () => setSaved(""),
    onSuccess: (settings) => {
      setSaved(`Settings saved at ${new Date(settings.updatedAt ?? Date.now()).toLocaleTimeString()}.`);
    },
  });
  const error = mutation.error instanceof ApiError ? mutation.error : null;

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const cidrs = String(form.get("allowedCidrs") ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    mutation.mutate({
      projectCreation: form.get("projectCreation") === "instance_admins" ? "instance_admins" : "anyone",
      network: {
        allowLoopback: form.get("allowLoopback") === "on",
        allowPrivate: form.get("allowPrivate") === "on",
        allowLinkLocal: form.get("allowLinkLocal") === "on",
        allowedCidrs: cidrs,
      },
    });
  }

  return (
    <form onSubmit={submit} onChange={() => setSaved("")} noValidate aria-label="Instance settings" className="space-y-6">
      <FormError error={error} title="The settings were not saved" />
      <Section id="network" title="Network" intro="What workers may connect to when they probe targets, call deploy hooks, run checks and QA, and send notifications. Every address a name resolves to is checked, and redirects are checked again.">
        <div className="space-y-4">
          {SWITCHES.map((s) => (
            <div key={s.key} className="flex items-start gap-3">
              <input
                type="checkbox"
                role="switch"
                id={`net-${s.key}`}
                name={s.key}
                defaultChecked={initial.network[s.key]}
                aria-describedby={`net-${s.key}-desc`}
                className="mt-1 size-4 shrink-0 accent-indigo-600"
              />
              <div>
                <label htmlFor={`net-${s.key}`} className="text-sm font-medium">
                  {s.label} <span className="font-mono text-xs font-normal text-zinc-600 dark:text-zinc-400">({s.ranges})</span>
                </label>
                <p id={`net-${s.key}-desc`} className="text-sm text-zinc-600 dark:text-zinc-400">
                  {s.meaning}
                </p>
              </div>
            </div>
          ))}
          <TextAreaField
            id="net-allowedCidrs"
            name="allowedCidrs"
            label="Always allowed ranges"
            rows={4}
            defaultValue={initial.network.allowedCidrs.join("\n")}
            placeholder={"10.0.5.0/24\nfd00:1234::/32"}
            spellCheck={false}
            className="[&_textarea]:font-mono"
            description="One IP address or CIDR range per line. Allowed whatever the switches above say, e.g. just the subnet of your staging servers. Unspecified, multicast and reserved addresses stay refused."
            error={cidrErrors(error)}
          />
        </div>
      </Section>
      <Section id="projects" title="Projects" intro="Who may create projects. Whoever creates a project becomes its admin and can add targets, which workers then connect to.">
        <fieldset className="space-y-3">
          <legend className="sr-only">Who may create projects</legend>
          <Choice name="projectCreation" value="anyone" defaultChecked={initial.projectCreation === "anyone"} label="Anyone signed in">
            Every user of this instance can create projects.
          </Choice>
          <Choice name="projectCreation" value="instance_admins" defaultChecked={initial.projectCreation === "instance_admins"} label="Only instance admins">
            Others see a note on the projects page and are invited to projects by their admins.
          </Choice>
        </fieldset>
      </Section>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" busy={mutation.isPending}>
          Save settings
        </Button>
        <p role="status" className="text-sm font-medium text-emerald-800 dark:text-emerald-300">
          {saved}
        </p>
      </div>
    </form>
  );
}

function Section({ id, title, intro, children }: { id: string; title: string; intro: string; children: ReactNode }) {
  return (
    <Card aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      <p className="mb-4 mt-1 text-sm text-zinc-600 dark:text-zinc-400">{intro}</p>
      {children}
    </Card>
  );
}

function Choice({ name, value, label, defaultChecked, children }: { name: string; value: string; label: string; defaultChecked: boolean; children: ReactNode }) {
  const id = `${name}-${value}`;
  return (
    <div className="flex items-start gap-3">
      <input type="radio" id={id} name={name} value={value} defaultChecked={defaultChecked} aria-describedby={`${id}-desc`} className="mt-1 size-4 shrink-0 accent-indigo-600" />
      <div>
        <label htmlFor={id} className="text-sm font-medium">
          {label}
        </label>
        <p id={`${id}-desc`} className="text-sm text-zinc-600 dark:text-zinc-400">
          {children}
        </p>
      </div>
    </div>
  );
}
