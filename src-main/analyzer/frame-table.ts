// Per-frame facts kept for the whole capture in typed arrays (≈ 40 bytes a frame), so a
// multi-million-packet file does not become millions of objects: where the bytes are in the file
// (for detail(frame) and paging), lengths, relative time, link type, and the analyzer's links.
export const FLAG_ISSUE = 1
export const FLAG_NO_TIMESTAMP = 2
export const FLAG_CUSTOM = 4

export class FrameTable {
  length = 0
  dataOffset = new Float64Array(1024)
  capLen = new Uint32Array(1024)
  origLen = new Uint32Array(1024)
  t = new Float64Array(1024)
  linkType = new Int32Array(1024)
  connection = new Int32Array(1024)
  dns = new Int32Array(1024)
  flags = new Uint8Array(1024)

  push(dataOffset: number, capLen: number, origLen: number, t: number, linkType: number, flags: number): number {
    if (this.length === this.t.length) this.grow()
    const i = this.length++
    this.dataOffset[i] = dataOffset
    this.capLen[i] = capLen
    this.origLen[i] = origLen
    this.t[i] = t
    this.linkType[i] = linkType
    this.connection[i] = -1
    this.dns[i] = -1
    this.flags[i] = flags
    return i
  }

  private grow(): void {
    const n = this.t.length * 2
    const g = <T extends Float64Array | Uint32Array | Int32Array | Uint8Array>(a: T, C: new (n: number) => T): T => {
      const b = new C(n)
      b.set(a)
      return b
    }
    this.dataOffset = g(this.dataOffset, Float64Array)
    this.capLen = g(this.capLen, Uint32Array)
    this.origLen = g(this.origLen, Uint32Array)
    this.t = g(this.t, Float64Array)
    this.linkType = g(this.linkType, Int32Array)
    this.connection = g(this.connection, Int32Array)
    this.dns = g(this.dns, Int32Array)
    this.flags = g(this.flags, Uint8Array)
  }
}
