import { z } from "zod";

export const MAX_RECIPIENTS = 20;
const address = z.email();

/**
 * The recipients of an e-mail channel, sent as a list or as one text separated by commas, semicolons, spaces or new
 * lines (what people paste). Out come unique addresses (case-insensitively), in the order given.
 */
export const ZRecipients = z
  .union([z.string().max(8000), z.array(z.string().max(320)).max(MAX_RECIPIENTS * 2)], {
    error: "must be e-mail addresses, as a list or separated by commas",
  })
  .transform((value, ctx) => {
    const list = (Array.isArray(value) ? value : [value]).flatMap((s) => s.split(/[\s,;]+/)).filter(Boolean);
    const bad = list.filter((a) => !address.safeParse(a).success);
    if (bad.length) {
      const shown = bad.slice(0, 3).map((a) => `"${a.slice(0, 80)}"`).join(", ");
      const message = bad.length === 1 ? `${shown} is not an e-mail address` : `${shown}${bad.length > 3 ? " and others" : ""} are not e-mail addresses`;
      ctx.addIssue({ code: "custom", message, params: { rule: "email" } });
      return z.NEVER;
    }
    const seen = new Set<string>();
    const unique = list.filter((a) => !seen.has(a.toLowerCase()) && seen.add(a.toLowerCase()));
    if (!unique.length) ctx.addIssue({ code: "custom", message: "list at least one e-mail address", params: { rule: "required" } });
    else if (unique.length > MAX_RECIPIENTS) {
      ctx.addIssue({ code: "custom", message: `list at most ${MAX_RECIPIENTS} addresses (${unique.length} given); use a mailing list for more`, params: { rule: "max" } });
    }
    return unique.length && unique.length <= MAX_RECIPIENTS ? unique : z.NEVER;
  })
  .describe(`e-mail channels: 1 to ${MAX_RECIPIENTS} recipient addresses, as a list or one text separated by commas`);

// Stored inside the channel's encrypted envelope, where a webhook channel keeps its URL.
export const joinRecipients = (list: string[]) => list.join(", ");
export const splitRecipients = (stored: string) => stored.split(/,\s*/).filter(Boolean);

/**
 * What an e-mail channel shows instead of its addresses, as a webhook shows its origin: how many and at which
 * domains ("3 recipients at example.com"). Enough to tell channels apart and spot a mistyped domain; the addresses
 * themselves are personal data and stay encrypted, out of the UI, the audit log and the logs.
 */
export function recipientsHint(list: string[]): string {
  const domains = [...new Set(list.map((a) => a.slice(a.lastIndexOf("@") + 1).toLowerCase()))];
  const who = list.length === 1 ? "1 recipient" : `${list.length} recipients`;
  const more = domains.length > 2 ? ` and ${domains.length - 2} more domain${domains.length === 3 ? "" : "s"}` : "";
  return `${who} at ${domains.slice(0, 2).join(", ")}${more}`;
}
