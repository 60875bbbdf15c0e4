// A repeatable stand-in for node:crypto's randomInt (the recorder draws TCP initial sequence numbers
// and IP identifications from it): with it, the same socket events give the same bytes, run after
// run, so a recording can be compared byte for byte with one made by earlier code (tap-replay.ts).
// Nothing here is random in any cryptographic sense: it is a linear congruential sequence.
let state = 0

/** Starts the sequence over. */
export function reseed(seed = 12345): void {
  state = seed
}

/** randomInt(max) / randomInt(min, max) over the sequence: an integer in [min, max). */
export function seededRandomInt(min: number, max?: number): number {
  const [low, high] = max === undefined ? [0, min] : [min, max]
  state = (state * 1103515245 + 12345) % 2 ** 31
  return low + Math.floor((state / 2 ** 31) * (high - low))
}
