// The recording's journal inside a pcapng: Custom Blocks (type 0x40000BAD, "must not be copied")
// at the end of the file, each holding a part of the journal's JSON Lines (capture/format.ts says
// why this block type, this PEN and this size). The capture reader hands them to the analyzer
// (capture/pcapng.ts onJournal), so the pcapng alone reopens with every step.
//
// When it is written: the recorder writes the journal beside the capture line by line as things
// happen (a crash loses at most the lines of the turn in flight), and appends these blocks once the
// recording has ended; Save As writes them at the end of the copy. A crash before that leaves the capture
// and its journal file beside it, which reopen together as before.
import { open } from 'node:fs/promises'
import { BT_DCB, BT_SHB, BYTE_ORDER_MAGIC, JOURNAL_BLOCK_DATA, JOURNAL_BLOCK_MAGIC, WIRETRAIL_PEN } from '../../capture/format.ts'
import { WiretrailError } from '../../shared/errors.ts'

/** The journal's bytes in parts of at most JOURNAL_BLOCK_DATA, cut after a line where one fits. */
function parts(journal: Buffer): Buffer[] {
  const out: Buffer[] = []
  let at = 0
  while (at < journal.length) {
    let end = Math.min(journal.length, at + JOURNAL_BLOCK_DATA)
    if (end < journal.length) {
      const lastNewline = journal.lastIndexOf(0x0a, end - 1)
      if (lastNewline >= at) end = lastNewline + 1
    }
    out.push(journal.subarray(at, end))
    at = end
  }
  return out
}

/** The Custom Blocks that carry `journal` (empty for an empty journal), in the given byte order. */
export function journalBlocks(journal: string, littleEndian = true): Buffer[] {
  const all = parts(Buffer.from(journal, 'utf8'))
  return all.map((part, i) => {
    const head = Buffer.from(`${JOURNAL_BLOCK_MAGIC}${i + 1}/${all.length}\n`, 'utf8')
    const data = head.length + part.length
    const padded = (data + 3) & ~3
    const total = 12 + 4 + padded
    const block = Buffer.alloc(total)
    const u32 = (value: number, offset: number) => (littleEndian ? block.writeUInt32LE(value, offset) : block.writeUInt32BE(value, offset))
    u32(BT_DCB, 0)
    u32(total, 4)
    u32(WIRETRAIL_PEN, 8)
    head.copy(block, 12)
    part.copy(block, 12 + head.length)
    u32(total, total - 4)
    return block
  })
}

/** Appends the journal's blocks to the pcapng at `path` in one write, in the byte order of its
 * first section (a file whose last section has another byte order is not one Wiretrail wrote). */
export async function appendJournalBlocks(path: string, journal: string): Promise<void> {
  const file = await open(path, 'r+')
  try {
    const head = Buffer.alloc(12)
    const { bytesRead } = await file.read(head, 0, 12, 0)
    if (bytesRead < 12 || head.readUInt32LE(0) !== BT_SHB) throw new WiretrailError('CAPTURE_NOT_PCAPNG', `${path} is not a pcapng file: its journal cannot go inside it`)
    const littleEndian = head.readUInt32LE(8) === BYTE_ORDER_MAGIC
    const blocks = Buffer.concat(journalBlocks(journal, littleEndian))
    const { size } = await file.stat()
    try {
      await file.write(blocks, 0, blocks.length, size)
    } catch (error) {
      // A full disk may take part of the blocks: cut the file back to its last whole block, so it
      // stays a capture every reader opens (the journal beside it still has everything).
      await file.truncate(size).catch(() => undefined)
      throw error
    }
  } finally {
    await file.close()
  }
}
