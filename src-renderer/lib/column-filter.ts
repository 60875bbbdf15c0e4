// Apply as Filter (the packet list's context menu): the display filter that keeps the frames whose
// column holds the same value as the row clicked, as Wireshark builds it from the field behind the
// column (Source → ip.src / ipv6.src / eth.src, Length → frame.len, Protocol → the protocol's name).
// Null when the column has no single field (Info) or the value is not one the filter can hold.
import { FIELDS } from '../../src-main/filter/fields.ts'
import { parseFilter } from '../../src-main/filter/parse.ts'
import type { FrameSummary } from '../../src-main/shared/walkthrough.ts'
import type { ColumnId } from '../stores/packet-list.ts'

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

function addressField(text: string, side: 'src' | 'dst'): string | null {
  if (IPV4.test(text)) return `ip.${side} == ${text}`
  if (MAC.test(text)) return `eth.${side} == ${text}`
  if (text.includes(':')) return `ipv6.${side} == ${text}`
  return null
}

/** The Protocol column's names that are not Wireshark's filter names as they are written. */
const PROTOCOL_FILTERS: Record<string, string> = { ipv4: 'ip', icmpv6: 'icmpv6' }

export function columnFilter(frame: FrameSummary, column: ColumnId): string | null {
  let filter: string | null
  switch (column) {
    case 'no':
      filter = `frame.number == ${frame.frame}`
      break
    case 'time':
      filter = `frame.time_relative == ${frame.t}`
      break
    case 'src':
      filter = addressField(frame.src, 'src')
      break
    case 'dst':
      filter = addressField(frame.dst, 'dst')
      break
    case 'protocol': {
      const name = frame.protocol.toLowerCase()
      const key = PROTOCOL_FILTERS[name] ?? name
      filter = FIELDS[key]?.type === 'protocol' ? key : null
      break
    }
    case 'length':
      filter = `frame.len == ${frame.length}`
      break
    case 'info':
      filter = null
      break
  }
  if (filter === null) return null
  try {
    parseFilter(filter)
    return filter
  } catch {
    return null // a value the filter language cannot hold (an odd address text)
  }
}

/** The text a cell shows, for Copy value. */
export function columnText(frame: FrameSummary, column: ColumnId, time: string): string {
  switch (column) {
    case 'no':
      return String(frame.frame)
    case 'time':
      return time
    case 'src':
      return frame.src
    case 'dst':
      return frame.dst
    case 'protocol':
      return frame.protocol
    case 'length':
      return String(frame.length)
    case 'info':
      return frame.info
  }
}
