import { NotFoundError } from "@/lib/errors";
import { publicStatus, type PublicStatus } from "@/lib/monitoring/status-page";

// A launch-day crowd on /status/<slug> costs one publicStatus per slug per process every 15 s, whatever a CDN in
// front does: concurrent renders share the one in flight, and "no such page" is remembered too, so made-up slugs
// are cheap. Bounded, oldest dropped first; a failure is not remembered.
const FRESH_MS = 15_000;
const MAX_SLUGS = 500;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const memo = new Map<string, { at: number; value: Promise<PublicStatus | null> }>();

/** The public status of a project, or null when it has no status page (unknown slug, or no target opted in). */
export function cachedPublicStatus(slug: string, now = Date.now()): Promise<PublicStatus | null> {
  if (!SLUG.test(slug) || slug.length > 48) return Promise.resolve(null);
  const hit = memo.get(slug);
  if (hit && now - hit.at < FRESH_MS) return hit.value;
  const entry = {
    at: now,
    value: publicStatus(slug, now).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      if (memo.get(slug) === entry) memo.delete(slug);
      throw error;
    }),
  };
  memo.delete(slug);
  memo.set(slug, entry);
  if (memo.size > MAX_SLUGS) memo.delete(memo.keys().next().value!);
  return entry.value;
}
