// datetime-local fields and the API's ISO date-times, in the browser's time zone. Shared by the launch forms.

/** An ISO date-time as a datetime-local value in the browser's zone ("2026-12-01T10:00"). */
export function isoToLocal(iso: string | null) {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "2026-12-01T09:00" from a datetime-local field, as an ISO date-time in the browser's zone; null when empty. */
export const localToIso = (value: string) => (value ? new Date(value).toISOString() : null);
