// Types for pcap-parser 0.2.1 (ships none): the parts the tests and the benchmark use (it reads
// back what the recorder writes, and its bare read is the analyzer benchmark's floor).
declare module 'pcap-parser' {
  import type { EventEmitter } from 'node:events'
  import type { Readable } from 'node:stream'

  export interface PcapGlobalHeader {
    magicNumber: number
    majorVersion: number
    minorVersion: number
    gmtOffset: number
    timestampAccuracy: number
    snapshotLength: number
    linkLayerType: number
  }

  export interface PcapPacketHeader {
    timestampSeconds: number
    /** Microseconds for the a1b2c3d4 magic (pcap-parser knows no other). */
    timestampMicroseconds: number
    capturedLength: number
    originalLength: number
  }

  export interface PcapPacket {
    header: PcapPacketHeader
    data: Buffer
  }

  export interface Parser extends EventEmitter {
    stream: Readable
    on(event: 'globalHeader', listener: (h: PcapGlobalHeader) => void): this
    on(event: 'packetHeader', listener: (h: PcapPacketHeader) => void): this
    on(event: 'packet', listener: (p: PcapPacket) => void): this
    on(event: 'error', listener: (e: Error) => void): this
    on(event: 'end', listener: () => void): this
  }

  export function parse(input: string | Readable): Parser
  const _default: { parse: typeof parse }
  export default _default
}
