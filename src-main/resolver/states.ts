// The iterator's states (after Unbound's iterator/iterator.h). One resolution (a name and a type)
// moves through them in a driver loop; each state has one handler that does its work and returns
// the next state, and every step emits a ResolverEvent.
//
//   init ──(cache hit)──────────────────────────────────────────────▶ finished
//     │ ▲ (no root servers cached yet, priming on) ──▶ prime ──┘ (nested `. NS` resolution)
//     │ (miss: closest known delegation, or the root servers / stub server)
//     ▼
//   queryTargets ──(only glueless NS names left)──▶ resolveTarget ──┐
//     │  ▲  ▲ (next server: timeout, lame, throwaway)               │ (address found or NS given up)
//     ▼  │  └───────────────────────────────────────────────────────┘
//   sendQuery ──(TC=1: again over TCP)──▶ sendQuery
//     │ (a matching response)
//     ▼
//   classify ──(referral)──▶ queryTargets      ──(CNAME: restart at the target)──▶ init
//     └──(answer / NXDOMAIN / NODATA)──▶ finished
//
// Limits (referrals, CNAMEs, queries, nesting depth, wall time) are checked where they grow and
// end the resolution with a reason (ResolutionError), as Unbound's errinf() does.
export const ResolverState = {
  /** Entered at the start and after every CNAME restart: answer from the cache (positive,
   * negative or a cached CNAME to follow), else pick where to start asking. */
  init: 'init',
  /** Iterative, priming on, and no root NS RRset in the cache: ask a root server from the root
   * hints for `. NS` (RFC 8109) in a nested resolution, which caches the root servers it lists
   * with their addresses; then init again, which starts from them. */
  prime: 'prime',
  /** A delegation is known (zone + servers): choose the next server to ask, or give up. */
  queryTargets: 'queryTargets',
  /** Every server left is a glueless NS name: resolve its address in a nested resolution. */
  resolveTarget: 'resolveTarget',
  /** Send the query to the chosen server (UDP, or TCP after TC=1) and wait for a matching response. */
  sendQuery: 'sendQuery',
  /** Classify the response (answer / referral / CNAME / NXDOMAIN / NODATA / lame / throwaway),
   * cache what is in bailiwick, and move on. */
  classify: 'classify',
  /** Done: the result is built (or the error is set). */
  finished: 'finished',
} as const

export type ResolverState = (typeof ResolverState)[keyof typeof ResolverState]
