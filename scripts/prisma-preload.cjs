// The WASM schema engine leaves a 10 s timer behind after its work is done, so every CLI call lasted 11 s.
// Long timers are timeouts, not work: unref'ing them keeps their behaviour while the CLI is busy and lets it exit when done.
const originalSetTimeout = global.setTimeout;
global.setTimeout = function setTimeoutUnrefLong(fn, ms, ...args) {
  const timer = originalSetTimeout.call(this, fn, ms, ...args);
  if (typeof ms === "number" && ms >= 5000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
