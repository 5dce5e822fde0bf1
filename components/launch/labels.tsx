import { Ban, Bot, Check, Circle, CircleCheck, CircleDashed, CircleMinus, CircleX, Flag, LoaderCircle, Lock, Rocket, ShieldAlert, ShieldCheck, type LucideIcon } from "lucide-react";
import { toneClasses, type Tone } from "@/components/ui/status-pill";
import type { TItem, TItemStatus, TLaunchStage } from "@/lib/queries/launch";

// Copies of the labels in lib/launch/schemas.ts (importing them would bring zod into the browser); labels.test.ts
// keeps the two in step.
export const STAGE_ORDER: TLaunchStage[] = ["planned", "soft_launch", "official_launch", "post_launch"];
export const STAGE_LABEL: Record<TLaunchStage, string> = { planned: "Planned", soft_launch: "Soft launch", official_launch: "Official launch", post_launch: "Post-launch" };
export const STATUS_LABEL: Record<TItemStatus, string> = { todo: "To do", in_progress: "In progress", done: "Done", waived: "Waived", not_applicable: "Not applicable" };
/** What a person sets directly; waiving goes through its own form. */
export const SETTABLE: Exclude<TItemStatus, "waived">[] = ["todo", "in_progress", "done", "not_applicable"];

const STATUS_META: Record<TItemStatus, { icon: LucideIcon; tone: Tone }> = {
  todo: { icon: Circle, tone: "neutral" },
  in_progress: { icon: LoaderCircle, tone: "info" },
  done: { icon: CircleCheck, tone: "success" },
  waived: { icon: ShieldAlert, tone: "warning" },
  not_applicable: { icon: CircleMinus, tone: "neutral" },
};

/** An item's status as icon plus words. */
export function ItemStatus({ status }: { status: TItemStatus }) {
  const { icon: Icon, tone } = STATUS_META[status];
  return (
    <span data-status={status} className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneClasses[tone]}`}>
      <Icon aria-hidden="true" className="size-3.5" />
      {STATUS_LABEL[status]}
    </span>
  );
}

export function StatusIcon({ status, className = "size-4" }: { status: TItemStatus; className?: string }) {
  const Icon = STATUS_META[status].icon;
  return <Icon aria-hidden="true" className={className} />;
}

export function Tag({ tone = "neutral", icon: Icon, children }: { tone?: Tone; icon?: LucideIcon; children: React.ReactNode }) {
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneClasses[tone]}`}>
      {Icon && <Icon aria-hidden="true" className="size-3.5" />}
      {children}
    </span>
  );
}

/** BLOCKING (red while the item is open), Automated, and the sign-off state: the checklist row's and the item page's tags. */
export function ItemTags({ item }: { item: Pick<TItem, "blocking" | "satisfied" | "binding" | "signOff" | "signOffRequired" | "status"> }) {
  const signOff = signOffWords(item);
  return (
    <>
      {item.blocking && (
        <Tag tone={item.satisfied ? "neutral" : "danger"} icon={Lock}>
          BLOCKING
        </Tag>
      )}
      {item.binding && (
        <Tag tone="info" icon={Bot}>
          Automated
        </Tag>
      )}
      {signOff && (
        <Tag tone={signOff.tone} icon={signOff.icon}>
          {signOff.text}
        </Tag>
      )}
    </>
  );
}

/** Go or no-go as a word and a shape: a check in a circle, or a cross. */
export function VerdictIcon({ go, className = "size-5" }: { go: boolean; className?: string }) {
  const Icon = go ? CircleCheck : CircleX;
  return <Icon aria-hidden="true" className={className} />;
}

/** The sign-off state of an item in words, or null when it needs none and has none. */
export function signOffWords(item: Pick<TItem, "signOff" | "signOffRequired" | "status">): { text: string; tone: Tone; icon: LucideIcon } | null {
  if (item.signOff?.expired) return { text: `Sign-off expired`, tone: "danger", icon: ShieldAlert };
  if (item.signOff) return { text: `Signed off by ${item.signOff.by}`, tone: "success", icon: ShieldCheck };
  if (item.signOffRequired) return { text: item.status === "done" ? "Needs sign-off" : "Sign-off required", tone: item.status === "done" ? "warning" : "neutral", icon: CircleDashed };
  return null;
}

export const stageIcons = { done: Check, current: Rocket, next: Flag, blocked: Ban };
