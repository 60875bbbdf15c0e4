// What reading ahead (read-ahead.ts: the next chunk read while this one is parsed) could break, on
// real captures of the corpus read in chunks small enough to cut records everywhere: every frame
// whole and the same as a read of the whole file in one chunk, views that stay valid after the
// read, a record larger than a chunk, a small file read into a buffer of its size, beforeRead once
// per chunk before its frames, and a read still in flight when the reader stops (an abort, a
// corrupt record) or fails: the coded error, the read waited for before the file is closed, no
// unhandled rejection.
import { open, readFile, stat, type FileHandle } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CaptureError, readCapture, type CaptureFrame, type CaptureSink, type ReadOptions, type ReadResult } from '../../src-main/capture/index.ts'
import { readPcap } from '../../src-main/capture/pcap.ts'
import { readPcapng } from '../../src-main/capture/pcapng.ts'
import type { CaptureFile } from '../../src-main/capture/read-ahead.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { ns, save } from './read.ts'

const BRO = join(CORPUS_DIR, 'http-bro-org-pageload.pcap') // 506 533 bytes, 751 Ethernet frames
const ESPN = join(CORPUS_DIR, 'http-espn-pageload-images-gzip.pcapng') // 684 660 bytes, 956 frames
const BIG_TCP = join(CORPUS_DIR, 'more', 'tcp-bigtcp-ipv4-80kb-total-length-zero.pcap') // one 80 066-byte frame
const RST = join(CORPUS_DIR, 'more', 'tcp-rst-ack-with-58-byte-payload.pcap') // 152 bytes, one frame

interface Seen {
  index: number
  dataOffset: number
  time: bigint
  originalLength: number
  /** The frame's bytes as handed: a view, kept past the callback. */
  view: Uint8Array
}

const seen = (f: CaptureFrame): Seen => ({ index: f.index, dataOffset: f.dataOffset, time: ns(f), originalLength: f.originalLength, view: f.data })
const comparable = (frames: Seen[]) => frames.map((f) => [f.index, f.dataOffset, f.time, f.originalLength, Buffer.from(f.view).toString('hex')])

/** A real file handle whose reads are counted (started, ended, the size of each buffer), and which
 * fails every read from byte `failFrom` on with EIO, as a disk that cannot read a sector does. */
async function watchedFile(path: string, failFrom = Infinity) {
  const fh: FileHandle = await open(path, 'r')
  const reads = { started: 0, ended: 0, buffers: [] as number[], positions: [] as number[] }
  const read = async (buffer: Uint8Array, offset: number, length: number, position: number) => {
    reads.started++
    reads.buffers.push(buffer.byteLength)
    reads.positions.push(position)
    try {
      // The answer comes from the thread pool in either case.
      const done = await fh.read(buffer, offset, length, position)
      if (position + length > failFrom) throw Object.assign(new Error(`EIO: i/o error, read`), { code: 'EIO', errno: -5 })
      return done
    } finally {
      reads.ended++
    }
  }
  return { file: { read } as unknown as CaptureFile, reads, size: (await stat(path)).size, close: () => fh.close() }
}

/** Reads `path` through the reader its name says, from a watched file. */
async function readWatched(path: string, sink: CaptureSink, options: ReadOptions, failFrom?: number) {
  const w = await watchedFile(path, failFrom)
  const reader = path.endsWith('.pcapng') ? readPcapng : readPcap
  try {
    const outcome = await reader(w.file, w.size, basename(path), sink, options).then(
      (result: ReadResult) => ({ result, error: null }),
      (error: unknown) => ({ result: null, error }),
    )
    // Whatever ended the read, no read of the file is still going on once the reader returns.
    expect(w.reads.ended).toBe(w.reads.started)
    return { ...outcome, reads: w.reads, size: w.size }
  } finally {
    await w.close()
  }
}

// A read ahead that fails while nobody waits for it must not surface as an unhandled rejection.
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
beforeEach(() => {
  unhandled.length = 0
  process.on('unhandledRejection', onUnhandled)
})
afterEach(async () => {
  // Let any rejection still pending be reported before looking.
  await new Promise((resolve) => setImmediate(resolve))
  await new Promise((resolve) => setImmediate(resolve))
  process.off('unhandledRejection', onUnhandled)
  expect(unhandled).toEqual([])
})

describe('reading ahead: every frame whole, wherever a chunk ends', () => {
  for (const path of [BRO, ESPN]) {
    it(`${basename(path)}: the same frames in chunks of 1000 B, 4 KiB and 64 KiB as in one chunk, their views still valid after the read`, async () => {
      const size = (await stat(path)).size
      const whole: Seen[] = []
      await readCapture(path, { onFrame: (f) => whole.push(seen(f)) }, { chunkSize: size })
      expect(whole.length).toBeGreaterThan(700)
      // One chunk: every frame a view of one buffer.
      expect(new Set(whole.map((f) => f.view.buffer)).size).toBe(1)
      for (const chunk of [1000, 4096, 65536]) {
        const frames: Seen[] = []
        await readCapture(path, { onFrame: (f) => frames.push(seen(f)) }, { chunkSize: chunk })
        // Compared after the whole read: a view handed early was not written over by a later read.
        expect(comparable(frames), `chunk ${chunk}`).toEqual(comparable(whole))
        // The chunks did cut records: a pcap's chunks start after its 24-byte header, a pcapng's at 0.
        const first = path.endsWith('.pcapng') ? 0 : 24
        const cut = frames.filter((f) => Math.floor((f.dataOffset - first) / chunk) !== Math.floor((f.dataOffset + f.view.length - 1 - first) / chunk)).length
        expect(cut, `chunk ${chunk}`).toBeGreaterThan(Math.min(frames.length, size / chunk) / 4)
      }
    })
  }

  it('a record larger than a chunk arrives whole: Linux BIG TCP, one 80 066-byte frame read 4 KiB at a time', async () => {
    const whole: Seen[] = []
    await readCapture(BIG_TCP, { onFrame: (f) => whole.push(seen(f)) })
    expect(whole.map((f) => f.view.length)).toEqual([80066])
    const frames: Seen[] = []
    const { result, reads, size } = await readWatched(BIG_TCP, { onFrame: (f) => frames.push(seen(f)) }, { chunkSize: 4096 })
    expect(result?.problems).toEqual([])
    expect(comparable(frames)).toEqual(comparable(whole))
    // The global header, then the records 4 KiB at a time (the last read what is left).
    expect(reads.positions).toEqual([0, ...Array.from({ length: Math.ceil((size - 24) / 4096) }, (_, i) => 24 + i * 4096)])
  })

  it('a small capture is read into buffers of its size, not a chunk of 1 MiB', async () => {
    const frames: Seen[] = []
    const { result, reads, size } = await readWatched(RST, { onFrame: (f) => frames.push(seen(f)) }, {})
    expect(size).toBe(152)
    expect(result?.frames).toBe(1)
    expect(frames[0]!.view.length).toBe(152 - 24 - 16)
    // The 24-byte header, then the 128 bytes of records: no read asks for more than the file holds.
    expect(reads.buffers).toEqual([24, 128])
  })

  it('calls beforeRead once per chunk, before that chunk’s frames, and hands on nothing while it waits', async () => {
    const chunk = 65536
    let calls = 0
    let waiting = false
    let handedWhileWaiting = 0
    const callsAtFrame: number[] = []
    const progress: number[] = []
    const frames: Seen[] = []
    const { result, size } = await readWatched(
      BRO,
      {
        onFrame: (f) => {
          if (waiting) handedWhileWaiting++
          callsAtFrame.push(calls)
          frames.push(seen(f))
        },
        beforeRead: () => {
          calls++
          waiting = true
          // Resolved after the event loop has gone round: the reader must wait for it.
          return new Promise<void>((resolve) =>
            setImmediate(() => {
              waiting = false
              resolve()
            }),
          )
        },
        onProgress: (bytes) => progress.push(bytes),
      },
      { chunkSize: chunk },
    )
    expect(result?.frames).toBe(751)
    expect(calls).toBe(Math.ceil((size - 24) / chunk))
    expect(handedWhileWaiting).toBe(0)
    // A frame is handed on only after beforeRead for the chunk holding its last byte.
    frames.forEach((f, i) => expect(callsAtFrame[i], `frame ${i + 1}`).toBeGreaterThanOrEqual(Math.floor((f.dataOffset + f.view.length - 1 - 24) / chunk) + 1))
    // Progress counts the chunks taken, not the one being read ahead, and ends at the file's size.
    expect(progress).toEqual([...Array.from({ length: calls }, (_, i) => Math.min(size, 24 + (i + 1) * chunk)), size])
  })
})

describe('reading ahead: a read in flight when the reader stops or the read fails', () => {
  it('an abort while the next chunk is being read: CAPTURE_ABORTED, the read waited for, nothing unhandled', async () => {
    const abort = new AbortController()
    let inFlightAtAbort = -1
    const w = await watchedFile(BRO)
    try {
      const err = await readPcap(
        w.file,
        w.size,
        'bro.pcap',
        {
          onFrame: (f) => {
            if (f.index === 0) {
              inFlightAtAbort = w.reads.started - w.reads.ended
              abort.abort()
            }
          },
        },
        { signal: abort.signal, chunkSize: 4096 },
      ).then(
        () => null,
        (e: unknown) => e,
      )
      expect(inFlightAtAbort).toBe(1)
      expect(err).toBeInstanceOf(CaptureError)
      expect(err).toMatchObject({ code: 'CAPTURE_ABORTED', message: 'reading bro.pcap was cancelled after 1 frames' })
      expect(w.reads.ended).toBe(w.reads.started)
    } finally {
      await w.close()
    }
  })

  it('a pcap whose file header cannot be read: CAPTURE_READ_FAILED naming bytes 0–23, no frame', async () => {
    const frames: Seen[] = []
    const { error, reads } = await readWatched(BRO, { onFrame: (f) => frames.push(seen(f)) }, { chunkSize: 4096 }, 10)
    expect(error).toBeInstanceOf(CaptureError)
    expect(error).toMatchObject({ code: 'CAPTURE_READ_FAILED', message: `${basename(BRO)}: reading bytes 0–23 failed: EIO: i/o error, read`, details: { offset: 0 } })
    expect(frames).toEqual([])
    expect(reads.positions).toEqual([0])
  })

  for (const path of [BRO, ESPN]) {
    it(`${basename(path)}: a read that fails is CAPTURE_READ_FAILED naming its bytes, after every frame before them`, async () => {
      const chunk = 4096
      // pcap's records start after its header; the fourth chunk of records fails.
      const first = path.endsWith('.pcapng') ? 0 : 24
      const failAt = first + 3 * chunk
      const frames: Seen[] = []
      const { error } = await readWatched(path, { onFrame: (f) => frames.push(seen(f)) }, { chunkSize: chunk }, failAt)
      expect(error).toBeInstanceOf(CaptureError)
      expect(error).toMatchObject({ code: 'CAPTURE_READ_FAILED', message: `${basename(path)}: reading bytes ${failAt}–${failAt + chunk - 1} failed: EIO: i/o error, read`, details: { offset: failAt } })
      // Every frame that ends before the failed bytes was handed on, whole; none after.
      const whole: Seen[] = []
      await readCapture(path, { onFrame: (f) => whole.push(seen(f)) })
      const before = whole.filter((f) => f.dataOffset + f.view.length <= failAt)
      expect(frames.length).toBeGreaterThanOrEqual(before.length - 1)
      expect(comparable(frames)).toEqual(comparable(whole.slice(0, frames.length)))
      expect(frames.every((f) => f.dataOffset + f.view.length <= failAt)).toBe(true)
    })
  }

  it('a failing read ahead that is never needed is dropped: a corrupt record ends the read first', async () => {
    // Frame 3's captured length made impossible; the chunk read ahead after it fails.
    const bytes = await readFile(BRO)
    const whole: Seen[] = []
    await readCapture(BRO, { onFrame: (f) => whole.push(seen(f)) })
    const third = whole[2]!.dataOffset - 16
    bytes.writeUInt32LE(5_000_000, third + 8)
    const corrupt = save(bytes)
    const frames: Seen[] = []
    const { result, error, reads } = await readWatched(corrupt, { onFrame: (f) => frames.push(seen(f)) }, { chunkSize: 65536 }, 24 + 65536)
    expect(error).toBeNull()
    expect(frames).toHaveLength(2)
    expect(result?.problems).toEqual([expect.objectContaining({ code: 'CAPTURE_CORRUPT_RECORD', offset: third })])
    // The failing read was started (read ahead) and its failure dropped.
    expect(reads.positions).toEqual([0, 24, 24 + 65536])
  })

  it('a pcapng aborted while a failing read is in flight: CAPTURE_ABORTED, not the read’s error', async () => {
    const abort = new AbortController()
    const { error, reads } = await readWatched(ESPN, { onFrame: () => abort.abort() }, { signal: abort.signal, chunkSize: 4096 }, 4096)
    expect(error).toMatchObject({ code: 'CAPTURE_ABORTED' })
    expect(reads.positions).toEqual([0, 4096])
  })
})
