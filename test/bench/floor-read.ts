// One floor of the analyzer bench, in a process of its own: `node --import tsx floor-read.ts
// <pcap-parser|reader> <capture>` reads every record and prints {packets, ms, cpuMs} as JSON.
// analyzer.bench.ts runs it as a child so the floor is not measured in a process that has just
// written a multi-gigabyte capture and driven Chromium: measured there on 5 M packets, pcap-parser's
// read took 7.9 s against 4.8–5.4 s in a fresh process, and our reader's 1.8 s against 0.7 s, with
// other threads of that process busy during the read (its CPU time above its wall time).
import pcapParser from 'pcap-parser'
import { readCapture } from '../../src-main/capture/index.ts'

/** pcap-parser's bare read (the design card's reader): every 'packet' event counted, nothing else. */
function pcapParserRead(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let n = 0
    const p = pcapParser.parse(path)
    p.on('packet', () => n++)
    p.on('end', () => resolve(n))
    p.on('error', reject)
  })
}

/** Our capture reader alone (what the analysis reads the file with), no dissection. */
async function ownRead(path: string): Promise<number> {
  let n = 0
  await readCapture(path, { onFrame: () => n++ })
  return n
}

const [kind, path] = process.argv.slice(2)
if ((kind !== 'pcap-parser' && kind !== 'reader') || !path) {
  console.error('usage: floor-read.ts <pcap-parser|reader> <capture>')
  process.exit(2)
}
const c0 = process.cpuUsage()
const t0 = performance.now()
const packets = kind === 'pcap-parser' ? await pcapParserRead(path) : await ownRead(path)
const ms = performance.now() - t0
const cpu = process.cpuUsage(c0)
console.log(JSON.stringify({ packets, ms, cpuMs: (cpu.user + cpu.system) / 1000 }))
