import { EventEmitter } from "node:events";
import type IORedis from "ioredis";
import { createRedis } from "../redis";
import { LIVE_PATTERN, isStored, latestEventId, type BusEvent } from "./events";
import { ACCESS_PATTERN, forgetSharedAccess } from "./access";

export const RESYNC = Symbol("resync");
export const accessEvent = (projectId: string) => `access:${projectId}`;

/** Taken before a request reads the caller's access; see accessUnchangedSince. */
export type AccessMark = { epoch: number; changes: number } | null;

type Flight = { seen: bigint; done: Promise<void> };
type LiveBus = {
  emitter: EventEmitter;
  sub: IORedis;
  subscribed: Promise<unknown>;
  /** True while the pattern subscription is confirmed: every event and announcement published now reaches us. */
  following: boolean;
  /** Bumped when the subscription drops: what was learned from the bus before may have gaps. */
  epoch: number;
  /** Per project, the newest stored event id: read once from Postgres, then advanced by the bus itself. */
  heads: Map<string, bigint>;
  flights: Map<string, Flight>;
  /** Access announcements seen per project. */
  accessChanges: Map<string, number>;
};

// One Redis subscriber per web process fans events out to every open stream of that process.
const globalForLive = globalThis as unknown as { tminusLiveBus?: LiveBus };
export function bus(): LiveBus {
  if (globalForLive.tminusLiveBus) return globalForLive.tminusLiveBus;
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const sub = createRedis("subscriber");
  const patterns = [LIVE_PATTERN(), ACCESS_PATTERN()];
  const state: LiveBus = { emitter, sub, subscribed: Promise.resolve(), following: false, epoch: 0, heads: new Map(), flights: new Map(), accessChanges: new Map() };
  // ioredis re-subscribes on reconnect by itself; our own (idempotent) psubscribe tells us when that is done.
  const follow = () => {
    const epoch = state.epoch;
    return sub.psubscribe(...patterns).then(() => void (state.following ||= state.epoch === epoch), () => {});
  };
  state.subscribed = follow();
  // After an outage, streams re-read what they missed from Postgres: events published while Redis was away
  // are stored but were never pushed. The second pass covers publishers that reconnect a moment later.
  let reconnecting = false;
  sub.on("close", () => {
    reconnecting = true;
    state.following = false;
    state.epoch++;
    state.heads.clear();
    state.flights.clear();
    forgetSharedAccess();
  });
  sub.on("ready", () => {
    if (!reconnecting) return;
    reconnecting = false;
    void follow();
    forgetSharedAccess();
    emitter.emit(RESYNC);
    setTimeout(() => emitter.emit(RESYNC), 3000).unref();
  });
  sub.on("pmessage", (pattern, channel, message) => {
    if (pattern === ACCESS_PATTERN()) {
      const projectId = channel.slice(ACCESS_PATTERN().length - 1);
      state.accessChanges.set(projectId, (state.accessChanges.get(projectId) ?? 0) + 1);
      forgetSharedAccess(projectId);
      emitter.emit(accessEvent(projectId));
      return;
    }
    let event: BusEvent;
    try {
      event = JSON.parse(message) as BusEvent;
    } catch {
      return; /* not ours */
    }
    if (isStored(event)) advanceHead(state, event.projectId, BigInt(event.id));
    emitter.emit(event.projectId, event);
  });
  return (globalForLive.tminusLiveBus = state);
}

function advanceHead(state: LiveBus, projectId: string, id: bigint) {
  const head = state.heads.get(projectId);
  if (head !== undefined && id > head) state.heads.set(projectId, id);
  const flight = state.flights.get(projectId);
  if (flight && id > flight.seen) flight.seen = id;
}

/**
 * Where a fresh stream starts: the project's newest event id, from memory once known. Concurrent first streams of a
 * project share one query, read after the subscription was confirmed, so anything newer reaches the bus. Undefined
 * when the bus is not following (the caller then reads Postgres itself and replays).
 */
export async function knownHead(projectId: string): Promise<bigint | undefined> {
  const state = bus();
  if (!state.following) return undefined;
  const head = state.heads.get(projectId);
  if (head !== undefined) return head;
  let flight = state.flights.get(projectId);
  if (!flight) {
    const epoch = state.epoch;
    const started: Flight = { seen: -1n, done: Promise.resolve() };
    started.done = latestEventId(projectId)
      .then((id) => {
        if (state.epoch !== epoch) return;
        const stored = BigInt(id);
        state.heads.set(projectId, stored > started.seen ? stored : started.seen);
      })
      .finally(() => {
        if (state.flights.get(projectId) === started) state.flights.delete(projectId);
      });
    state.flights.set(projectId, (flight = started));
  }
  await flight.done;
  return state.heads.get(projectId);
}

export const currentHead = (projectId: string) => bus().heads.get(projectId);

export function accessMark(projectId: string): AccessMark {
  const state = bus();
  return state.following ? { epoch: state.epoch, changes: state.accessChanges.get(projectId) ?? 0 } : null;
}

/** True when no access announcement for the project can have been missed since the mark was taken. */
export function accessUnchangedSince(mark: AccessMark, projectId: string): boolean {
  const state = bus();
  return mark !== null && state.following && state.epoch === mark.epoch && (state.accessChanges.get(projectId) ?? 0) === mark.changes;
}
