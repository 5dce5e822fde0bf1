import { useSyncExternalStore } from "react";

const noop = () => () => {};
/** False in the server render and the first client render; true once React has hydrated. */
export const useHydrated = () => useSyncExternalStore(noop, () => true, () => false);
