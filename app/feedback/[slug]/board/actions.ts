"use server";

import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { clientAddress } from "@/lib/auth/client-address";
import { env } from "@/lib/env";
import { AppError, RateLimitedError } from "@/lib/errors";
import { publicVote } from "@/lib/feedback/board";
import { hashIp } from "@/lib/feedback/intake";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const REF = /^FB-\d{1,9}$/;

/**
 * The +1 of the public board: a plain form POST, so it works without JavaScript. One vote per visitor, keyed by a
 * salted hash of the client address the trusted proxies saw; the answer is the board again, with a message.
 */
export async function voteOnBoard(form: FormData) {
  const slug = String(form.get("slug") ?? "");
  const ref = String(form.get("ref") ?? "").toUpperCase();
  if (!SLUG.test(slug) || slug.length > 48) notFound();
  const back = `/feedback/${slug}/board`;
  if (!REF.test(ref)) redirect(`${back}?vote=unknown`);
  const h = await headers();
  const ip = clientAddress({ "x-forwarded-for": h.get("x-forwarded-for") ?? undefined }, env.TRUSTED_PROXY_HOPS);
  // With no trustworthy address (no proxy configured, or a short header), the key is a hash of the browser's
  // User-Agent and languages: weak (people behind one browser build share it; anyone can vary it), but it still
  // stops the same browser voting twice by accident. Deployments behind a proxy set TRUSTED_PROXY_HOPS.
  const ipHash = hashIp(ip) ?? hashIp(`weak:${h.get("user-agent") ?? ""}\n${h.get("accept-language") ?? ""}`)!;
  let outcome: string;
  try {
    // Null: no such item on a published board (it moved off it, or the board was unpublished meanwhile).
    outcome = (await publicVote({ slug, ref, ipHash })) ? `voted=${encodeURIComponent(ref)}` : "vote=unknown";
  } catch (error) {
    if (error instanceof RateLimitedError) outcome = "vote=later";
    else if (error instanceof AppError) outcome = "vote=refused";
    else throw error;
  }
  // Back to the item after a vote (its note says it counted); to the top, where the message is, after a refusal.
  redirect(`${back}?${outcome}${outcome.startsWith("voted=") ? `#${ref}` : ""}`);
}
