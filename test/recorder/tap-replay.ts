// A recording's socket events and journal records, kept with the turn of the event loop each came
// in, replayed through the recorder's own capture tap into a new capture and journal: the bytes a
// recording writes for given events, made again by the code of the day. The replays in
// fixtures/tap-replays/ were taken from real lab loads by fixtures/write-tap-replays.ts, which also
// stored the SHA-256 of what the recorder wrote for them then (with node:crypto's randomInt replaced
// by seeded-random.ts, which the test does too).
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { JournalRecord } from '../../src-main/shared/journal.ts'
import type { SocketEvent } from '../../src-main/sockets/tap.ts'
import { CaptureTap } from '../../src-main/recorder/capture-tap.ts'
import { RecordingFiles } from '../../src-main/recorder/recording-files.ts'
import type { CaptureFormat } from '../../src-main/recorder/capture-file/types.ts'
import { reseed } from './seeded-random.ts'

/** One step of a recording: a socket event (its bytes as base64) or a journal record. */
export type ReplayStep = { turn: number; event: SocketEvent } | { turn: number; record: JournalRecord }

export interface TapReplay {
  /** What was loaded, and how the file was made. */
  about: string
  format: CaptureFormat
  /** What the recorder wrote for these steps when the file was made. */
  expected: { capture: string; journal: string; frames: number }
  steps: ReplayStep[]
}

/** The first records every replay's journal starts with (a recording's own vary with time and host). */
const FIRST_RECORDS: JournalRecord[] = [
  {
    type: 'recording',
    version: 1,
    app: { name: 'wiretrail', version: '0.0.0' },
    startedAt: '2026-01-01T00:00:00.000Z',
    typedUrl: 'http://www.lab.cyber.co.kr/',
    url: 'http://www.lab.cyber.co.kr:8080/',
    target: 'lab',
    resolverMode: 'nearby',
    capture: { file: 'replay', format: 'pcap' },
    packets: 'synthesized',
  },
]

/** Steps as stored (event bytes in base64) → steps with bytes. */
export function readTapReplay(path: string): TapReplay {
  const stored = JSON.parse(readFileSync(path, 'utf8')) as TapReplay
  for (const step of stored.steps) {
    if (!('event' in step)) continue
    const event = step.event as SocketEvent & { bytes?: unknown }
    if (typeof event.bytes === 'string') event.bytes = Buffer.from(event.bytes, 'base64')
  }
  return stored
}

/** Steps with bytes → steps as stored. */
export function storedStep(step: ReplayStep): unknown {
  if (!('event' in step) || !('bytes' in step.event)) return step
  return { turn: step.turn, event: { ...step.event, bytes: Buffer.from(step.event.bytes).toString('base64') } }
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')

/** Replays the steps into `output` and its journal, ending each turn where the recording's ended;
 * returns the SHA-256 of both files and the frames written. */
export async function replayTap(replay: Pick<TapReplay, 'format' | 'steps'>, output: string): Promise<TapReplay['expected']> {
  reseed()
  const options = { format: replay.format, application: 'Wiretrail replay', interfaceName: 'wiretrail', interfaceDescription: 'replayed', sectionComment: 'replay' }
  const files = RecordingFiles.create(output, options, FIRST_RECORDS)
  const tap = new CaptureTap({ writer: files.capture, journal: files.journal })
  let turn = replay.steps[0]?.turn ?? 0
  for (const step of replay.steps) {
    if (step.turn !== turn) {
      turn = step.turn
      await new Promise((resolve) => setImmediate(resolve))
    }
    if ('event' in step) tap.emit(step.event)
    else tap.journalRecord(step.record)
  }
  tap.close()
  files.close()
  if (tap.errors.length > 0) throw tap.errors[0]
  return { capture: sha256(output), journal: sha256(files.journalPath), frames: tap.frames }
}
