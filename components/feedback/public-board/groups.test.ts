import { describe, expect, it } from "vitest";
import { groupPublicItems, voteMessage, votedRef, type PublicBoardItem } from "./groups";

const item = (ref: string, status: PublicBoardItem["status"], voteCount = 0): PublicBoardItem => ({ ref, type: "bug", title: ref, status, voteCount, fixedIn: null });

describe("groupPublicItems", () => {
  it("keeps Planned to Released even when empty, in the order work moves", () => {
    expect(groupPublicItems([]).map((g) => g.status)).toEqual(["planned", "in_progress", "fixed", "released"]);
  });

  it("shows Accepted only when something is in it, and puts the most wanted first", () => {
    const groups = groupPublicItems([item("FB-2", "planned", 1), item("FB-10", "planned", 5), item("FB-3", "planned", 5), item("FB-4", "accepted")]);
    expect(groups.map((g) => g.status)).toEqual(["accepted", "planned", "in_progress", "fixed", "released"]);
    expect(groups[1].items.map((i) => i.ref)).toEqual(["FB-3", "FB-10", "FB-2"]);
  });

  it("leaves out what is not on the board (new, declined, duplicates)", () => {
    const groups = groupPublicItems([item("FB-1", "new"), item("FB-2", "declined")]);
    expect(groups.flatMap((g) => g.items)).toEqual([]);
  });
});

describe("after a vote", () => {
  it("names the item voted for, and says why a vote was not counted", () => {
    expect(votedRef({ voted: "FB-12" })).toBe("FB-12");
    expect(voteMessage({ vote: "later" })?.tone).toBe("warning");
    expect(voteMessage({})).toBeNull();
  });

  it("never echoes anything but a ref back into the page", () => {
    expect(votedRef({ voted: "<script>" })).toBeNull();
    expect(votedRef({ voted: ["FB-1", "FB-2"] })).toBeNull();
  });
});
