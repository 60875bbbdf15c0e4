// Frame numbers as people read them, in one place for the step texts (analyzer/steps.ts) and the
// views (renderer's lib/format.ts): runs of consecutive frames as "a–b", the rest one by one.
// Pure TS (the renderer imports it).

/** "5–6, 9" from [5, 6, 9] (in any order). */
export function frameRuns(frames: ArrayLike<number>): string {
  return runsOf(frames).join(', ')
}

/** The runs of consecutive frames, sorted: ["5–6", "9"] from [9, 5, 6]. */
function runsOf(frames: ArrayLike<number>): string[] {
  const sorted = Array.from(frames).sort((a, b) => a - b)
  const runs: string[] = []
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!
    let end = start
    while (sorted[i + 1] === end + 1) end = sorted[++i]!
    runs.push(start === end ? `${start}` : `${start}–${end}`)
  }
  return runs
}

/** How many runs a sentence lists before it gives the count and the span instead. */
const RUNS_SPELLED_OUT = 6

/** A step's frames in a sentence, English and Korean: "frame 4", "frames 15–17", "frames 21, 26–27";
 * past RUNS_SPELLED_OUT runs, "14 frames between 6 and 38". A span such as "21–27" is written only
 * for frames that are all the step's: on a capture of parallel connections one connection's
 * handshake (21, 26, 27) is not the frames between, which belong to others. */
export function framesInText(frames: ArrayLike<number>): { en: string; ko: string } {
  if (frames.length === 0) return { en: '', ko: '' }
  if (frames.length === 1) return { en: `frame ${frames[0]}`, ko: `프레임 ${frames[0]}` }
  const runs = runsOf(frames)
  if (runs.length <= RUNS_SPELLED_OUT) return { en: `frames ${runs.join(', ')}`, ko: `프레임 ${runs.join(', ')}` }
  let first = Infinity
  let last = -Infinity
  for (let i = 0; i < frames.length; i++) {
    first = Math.min(first, frames[i]!)
    last = Math.max(last, frames[i]!)
  }
  return { en: `${frames.length} frames between ${first} and ${last}`, ko: `프레임 ${first}–${last} 사이의 ${frames.length}개` }
}
