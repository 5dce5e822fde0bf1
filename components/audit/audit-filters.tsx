import { Button, ButtonLink } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { KNOWN_ACTIONS, OBJECT_TYPES, type AuditFilters } from "@/lib/queries/audit";

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilterForm({ filters, errors, resetHref }: { filters: AuditFilters; errors: Record<string, string>; resetHref: string }) {
  return (
    <form method="get" className="grid gap-4 rounded-lg border border-zinc-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-5 dark:border-zinc-800 dark:bg-zinc-900" aria-label="Filter the audit log">
      <TextField id="audit-action" name="action" label="Action" list="audit-actions" defaultValue={filters.action} placeholder="target." description="Prefix match" error={errors.action} />
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <TextField id="audit-actor" name="actor" label="Actor" defaultValue={filters.actor} placeholder="admin@acme.test" error={errors.actor} />
      <SelectField id="audit-object" name="objectType" label="Object type" defaultValue={filters.objectType ?? ""} error={errors.objectType}>
        <option value="">Any</option>
        {OBJECT_TYPES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </SelectField>
      <TextField id="audit-from" name="from" type="date" label="From" defaultValue={filters.from} description="Whole day, in UTC" error={errors.from} />
      <TextField id="audit-to" name="to" type="date" label="To" defaultValue={filters.to} description="Whole day, in UTC" error={errors.to} />
      <p className="text-xs text-zinc-600 sm:col-span-2 lg:col-span-5 dark:text-zinc-400">Times in the log are shown in your browser&apos;s time zone; hover a time to see it with its zone.</p>
      <div className="flex gap-2 sm:col-span-2 lg:col-span-5">
        <Button type="submit">Apply filters</Button>
        <ButtonLink href={resetHref} variant="ghost">
          Clear
        </ButtonLink>
      </div>
    </form>
  );
}
