// Capture files built byte by byte for the reader tests, in either byte order: classic pcap with
// any of its four magics, and pcapng blocks (SHB, IDB, EPB, SPB, NRB, DSB, custom) with options.
// Each builder also says where things land (record and block offsets) so tests can check the
// offsets the readers report.

export type Endian = 'le' | 'be'

class Writer {
  private parts: Buffer[] = []
  length = 0
  constructor(readonly endian: Endian) {}
  u16(v: number): this {
    const b = Buffer.alloc(2)
    this.endian === 'le' ? b.writeUInt16LE(v) : b.writeUInt16BE(v)
    return this.raw(b)
  }
  u32(v: number): this {
    const b = Buffer.alloc(4)
    this.endian === 'le' ? b.writeUInt32LE(v >>> 0) : b.writeUInt32BE(v >>> 0)
    return this.raw(b)
  }
  raw(b: Uint8Array): this {
    this.parts.push(Buffer.from(b))
    this.length += b.length
    return this
  }
  pad4(): this {
    return this.raw(new Uint8Array((4 - (this.length % 4)) % 4))
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts)
  }
}

// ---------------------------------------------------------------- classic pcap
export interface PcapRecord {
  sec: number
  /** Microseconds or nanoseconds, as the magic says. */
  frac: number
  data: Uint8Array
  originalLength?: number
}

export function pcapFile(options: { endian: Endian; nanosecond: boolean; linkType?: number; snaplen?: number; major?: number; minor?: number }, records: PcapRecord[]): { bytes: Buffer; recordOffsets: number[] } {
  const w = new Writer(options.endian)
  w.u32(options.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4).u16(options.major ?? 2).u16(options.minor ?? 4).u32(0).u32(0).u32(options.snaplen ?? 262144).u32(options.linkType ?? 1)
  const recordOffsets: number[] = []
  for (const r of records) {
    recordOffsets.push(w.length)
    w.u32(r.sec).u32(r.frac).u32(r.data.length).u32(r.originalLength ?? r.data.length).raw(r.data)
  }
  return { bytes: w.bytes(), recordOffsets }
}

// ---------------------------------------------------------------- pcapng
export interface Option {
  code: number
  value: Uint8Array
}
export const opt = {
  comment: (text: string): Option => ({ code: 1, value: Buffer.from(text) }),
  tsresol: (v: number): Option => ({ code: 9, value: new Uint8Array([v]) }),
  /** if_tsoffset: seconds added to every time stamp of the interface. */
  tsoffset: (seconds: number, endian: Endian): Option => {
    const b = Buffer.alloc(8)
    endian === 'le' ? b.writeBigInt64LE(BigInt(seconds)) : b.writeBigInt64BE(BigInt(seconds))
    return { code: 14, value: b }
  },
}

function options(w: Writer, list: Option[]): void {
  if (!list.length) return
  for (const o of list) w.u16(o.code).u16(o.value.length).raw(o.value).pad4()
  w.u32(0) // opt_endofopt
}

export class Pcapng {
  private blocks: Buffer[] = []
  private size = 0
  /** File offset of each block added, in order. */
  readonly offsets: number[] = []

  private block(endian: Endian, type: number, body: (w: Writer) => void): this {
    const w = new Writer(endian)
    body(w)
    w.pad4()
    const total = w.length + 12
    const out = new Writer(endian).u32(type).u32(total).raw(w.bytes()).u32(total).bytes()
    this.offsets.push(this.size)
    this.blocks.push(out)
    this.size += out.length
    return this
  }
  shb(endian: Endian, list: Option[] = []): this {
    return this.block(endian, 0x0a0d0d0a, (w) => {
      w.u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff)
      options(w, list)
    })
  }
  idb(endian: Endian, linkType: number, snaplen: number, list: Option[] = []): this {
    return this.block(endian, 1, (w) => {
      w.u16(linkType).u16(0).u32(snaplen)
      options(w, list)
    })
  }
  /** `units`: the 64-bit time stamp in the interface's units. */
  epb(endian: Endian, ifId: number, units: bigint, data: Uint8Array, list: Option[] = [], originalLength = data.length): this {
    return this.block(endian, 6, (w) => {
      w.u32(ifId).u32(Number(units >> 32n)).u32(Number(units & 0xffffffffn)).u32(data.length).u32(originalLength).raw(data).pad4()
      options(w, list)
    })
  }
  spb(endian: Endian, data: Uint8Array, originalLength = data.length): this {
    return this.block(endian, 3, (w) => {
      w.u32(originalLength).raw(data)
    })
  }
  /** Name Resolution Block with IPv4 records (type 1). */
  nrb(endian: Endian, names: [string, string][]): this {
    return this.block(endian, 4, (w) => {
      for (const [address, name] of names) {
        const value = Buffer.concat([Buffer.from(address.split('.').map(Number)), Buffer.from(`${name}\0`)])
        w.u16(1).u16(value.length).raw(value).pad4()
      }
      w.u16(0).u16(0)
    })
  }
  /** Decryption Secrets Block with a TLS key log ('TLSK'). */
  dsb(endian: Endian, text: string): this {
    return this.block(endian, 0x0a, (w) => {
      const b = Buffer.from(text)
      w.u32(0x544c534b).u32(b.length).raw(b)
    })
  }
  /** Custom block (copiable, 0x00000bad) with a Private Enterprise Number. */
  custom(endian: Endian, pen: number, data: Uint8Array): this {
    return this.block(endian, 0x0bad, (w) => {
      w.u32(pen).raw(data)
    })
  }
  /** A block of a type no reader knows (it must be skipped by its length). */
  unknown(endian: Endian, type: number, data: Uint8Array): this {
    return this.block(endian, type, (w) => {
      w.raw(data)
    })
  }
  bytes(): Buffer {
    return Buffer.concat(this.blocks)
  }
}
