// The walkthrough as a handout: one self-contained HTML page (the app's "Export as HTML…",
// `wiretrail inspect --html FILE`) that a teacher gives to students. It opens in any browser, with
// nothing else beside it, and prints cleanly (each step kept on one page where it fits, the
// sequence diagram cut into page-sized pieces, a print stylesheet).
//
// What it holds, in the UI's language: the steps (title, explanation, the notes' concept and where
// it is in the notes, the bytes of the step's frames as a hex dump), the resolver's referral chains
// and the sequence diagram as inline SVG.
//
// Nothing in it runs: the page has no script, and its Content-Security-Policy forbids any (a copy
// edited by hand still runs none). Everything that came from the capture (names, URLs, headers,
// packet text) is escaped for HTML, so content fetched from the network is shown, never executed.
// Pure (no node:*), like text.ts: the caller reads the frames' bytes (handoutFrames says which).
import { CONCEPTS, type ConceptId } from '../shared/concepts.ts'
import { dnsServerRole } from '../shared/dns-roles.ts'
import type { HopOutcome } from '../shared/resolver-events.ts'
import { formatEpochUtc } from '../shared/time.ts'
import { wordsOf, type LessonWalkthrough } from '../shared/lesson.ts'
import type { FrameSummary } from '../shared/walkthrough.ts'

export type HandoutLanguage = 'en' | 'ko'

/** Frames of a step whose bytes are shown (a step's first ones: the handshake's three, a query). */
export const HANDOUT_FRAMES_PER_STEP = 3
/** Bytes of a frame shown (the headers of every protocol here fit; a body's first bytes). */
export const HANDOUT_BYTES_PER_FRAME = 512
/** Arrows in the sequence diagram (a page load has a few hundred; a huge capture is cut). */
export const HANDOUT_MAX_ARROWS = 2000
/** Arrows per SVG piece: one printed (landscape A4) page's worth, so no arrow is cut between pages. */
const ARROWS_PER_PIECE = 26

const L = {
  title: { en: 'Wiretrail walkthrough', ko: 'Wiretrail 워크스루' },
  capture: { en: 'Capture', ko: '캡처' },
  recorded: { en: 'Recorded by Wiretrail', ko: 'Wiretrail로 기록' },
  frames: { en: 'frames', ko: '프레임' },
  steps: { en: 'Steps', ko: '단계' },
  concept: { en: 'Concept', ko: '개념' },
  bytes: { en: 'Bytes', ko: '바이트' },
  frame: { en: 'Frame', ko: '프레임' },
  notShown: { en: 'more bytes not shown', ko: '바이트는 생략' },
  moreFrames: { en: 'more frames in this step', ko: '개의 프레임이 더 있다' },
  noPackets: { en: 'No packet: this step happens inside the computer.', ko: '패킷 없음: 이 단계는 컴퓨터 안에서 일어난다.' },
  chains: { en: 'The resolver’s referral chain', ko: '리졸버의 참조(리퍼럴) 경로' },
  noChains: { en: 'No name was resolved in this capture.', ko: '이 캡처에는 이름 조회가 없다.' },
  server: { en: 'Server', ko: '서버' },
  role: { en: 'Role', ko: '역할' },
  outcome: { en: 'Outcome', ko: '결과' },
  diagram: { en: 'Sequence diagram', ko: '시퀀스 다이어그램' },
  diagramCut: { en: 'frames are not drawn (the diagram stops here).', ko: '개의 프레임은 그리지 않았다(다이어그램은 여기까지).' },
  noFrames: { en: 'No frames.', ko: '프레임 없음.' },
  problems: { en: 'Problems in the file', ko: '파일의 문제' },
  made: { en: 'Made by Wiretrail from the capture; nothing on this page runs.', ko: 'Wiretrail이 캡처로 만든 페이지이며, 이 페이지에서 실행되는 것은 없다.' },
  seconds: { en: 's', ko: '초' },
  cache: { en: 'cache', ko: '캐시' },
  ownCache: { en: "this computer's resolver", ko: '이 컴퓨터의 리졸버' },
} as const satisfies Record<string, Record<HandoutLanguage, string>>

const OUTCOMES: Record<HopOutcome, Record<HandoutLanguage, string>> = {
  answer: { en: 'answer', ko: '회답' },
  referral: { en: 'referral', ko: '참조(리퍼럴)' },
  cname: { en: 'alias (CNAME)', ko: '별칭(CNAME)' },
  nxdomain: { en: 'does not exist (NXDOMAIN)', ko: '존재하지 않음(NXDOMAIN)' },
  nodata: { en: 'no record of this type', ko: '이 타입의 레코드 없음' },
  lame: { en: 'lame (no usable answer)', ko: '쓸 수 없는 응답(lame)' },
  timeout: { en: 'no answer (timeout)', ko: '응답 없음(타임아웃)' },
  cache: { en: 'from the cache', ko: '캐시에서' },
  throwaway: { en: 'not usable (try another server)', ko: '쓸 수 없음(다른 서버로)' },
}

/** Text for HTML element content and attribute values (both quotes too). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
const e = escapeHtml

/** The frames whose bytes the handout shows, in order (the caller reads them from the capture). */
export function handoutFrames(w: LessonWalkthrough): number[] {
  const wanted = new Set<number>()
  for (const step of w.steps) for (const frame of step.frames.slice(0, HANDOUT_FRAMES_PER_STEP)) wanted.add(frame)
  return [...wanted].sort((a, b) => a - b)
}

/** A classic hex dump (offset, 16 bytes in hex, their ASCII), as the app's hex pane shows it. */
export function hexDump(bytes: Uint8Array, limit = HANDOUT_BYTES_PER_FRAME): string {
  const shown = bytes.subarray(0, limit)
  const lines: string[] = []
  for (let at = 0; at < shown.length; at += 16) {
    const row = shown.subarray(at, at + 16)
    const hex = [...row].map((b) => b.toString(16).padStart(2, '0')).join(' ')
    const ascii = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
    lines.push(`${at.toString(16).padStart(4, '0')}  ${hex.padEnd(47)}  ${ascii}`)
  }
  return lines.join('\n')
}

/** What the handout reads from an analyzed capture (AnalyzedCapture, or the services' view of it). */
export interface HandoutSource {
  walkthrough: LessonWalkthrough
  detail(frame: number): Promise<{ bytes: Uint8Array }> | { bytes: Uint8Array }
  frames(start: number, count: number): Promise<FrameSummary[]>
}

/** The handout of an analyzed capture: the bytes of each step's first frames are read back from
 * the file, and the frame list is paged in when the walkthrough holds only its first frames. */
export async function walkthroughHandout(source: HandoutSource, lang: HandoutLanguage): Promise<string> {
  const w = source.walkthrough
  const bytes = new Map<number, Uint8Array>()
  for (const frame of handoutFrames(w)) bytes.set(frame, (await source.detail(frame)).bytes)
  let frames: readonly FrameSummary[] = w.frames
  const drawn = Math.min(w.packets, HANDOUT_MAX_ARROWS)
  if (frames.length < drawn) {
    const paged: FrameSummary[] = []
    // Pages of the size capture.frames allows.
    for (let start = 1; start <= drawn; start += 5000) paged.push(...(await source.frames(start, Math.min(5000, drawn - start + 1))))
    frames = paged
  }
  return formatWalkthroughHtml(w, lang, bytes, frames)
}

const sec = (t: number, lang: HandoutLanguage) => `${t.toFixed(3)} ${L.seconds[lang]}`

/**
 * The handout's HTML. `bytes` holds the frames handoutFrames named (a missing one is left out);
 * `frames` the frame summaries for the sequence diagram (walkthrough.frames when it holds them all).
 */
export function formatWalkthroughHtml(w: LessonWalkthrough, lang: HandoutLanguage, bytes: ReadonlyMap<number, Uint8Array>, frames: readonly FrameSummary[] = w.frames): string {
  const s = w.source
  const title = `${L.title[lang]}: ${w.recording?.typedUrl ?? s.fileName}`
  const out: string[] = []
  out.push(
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    // No script, no network: only the inline style below and inline SVG.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Wiretrail">',
    `<title>${e(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${e(title)}</h1>`,
  )
  const facts = [`${L.capture[lang]}: ${s.fileName} (${s.format}, ${w.packets} ${L.frames[lang]}, ${s.duration.toFixed(3)} ${L.seconds[lang]})`]
  if (s.firstFrameEpoch) facts.push(formatEpochUtc(s.firstFrameEpoch))
  if (w.recording) facts.push(`${L.recorded[lang]}: ${w.recording.url} (${w.recording.target}, ${w.recording.resolverMode})`)
  out.push(`<p class="facts">${facts.map(e).join('<br>')}</p></header>`)

  if (w.fileErrors.length > 0) {
    out.push(`<section class="problems"><h2>${L.problems[lang]}</h2><ul>`)
    for (const p of w.fileErrors) out.push(`<li><code>${e(p.code)}</code> @${p.offset}: ${e(p.message)}</li>`)
    out.push('</ul></section>')
  }

  // Steps: each concept's explanation once, where it first appears (later steps name it).
  out.push(`<section class="steps"><h2>${L.steps[lang]} (${w.steps.length})</h2><ol>`)
  const explained = new Set<ConceptId>()
  const words = wordsOf(w)
  for (const step of w.steps) {
    const concept = CONCEPTS[step.concept]
    const { title, detail } = words(step)
    out.push(`<li class="step" id="step-${step.index + 1}" data-kind="${e(step.kind)}" data-concept="${e(step.concept)}">`)
    out.push(`<h3><span class="n">${step.index + 1}.</span> ${e(title[lang])} <span class="t">${e(sec(step.t, lang))}</span></h3>`)
    out.push(`<p class="detail">${e(detail[lang])}</p>`)
    out.push(`<p class="concept"><span class="chapter">${e(concept.chapter)}</span> ${L.concept[lang]}: <strong>${e(concept.title[lang])}</strong></p>`)
    if (!explained.has(step.concept)) {
      explained.add(step.concept)
      out.push(`<blockquote class="explanation">${e(concept.explanation[lang])}</blockquote>`)
    }
    if (step.frames.length === 0) out.push(`<p class="nobytes">${L.noPackets[lang]}</p>`)
    for (const frame of step.frames.slice(0, HANDOUT_FRAMES_PER_STEP)) {
      const b = bytes.get(frame)
      if (b === undefined) continue
      const rest = b.length - Math.min(b.length, HANDOUT_BYTES_PER_FRAME)
      out.push(`<figure class="bytes" data-frame="${frame}"><figcaption>${L.frame[lang]} ${frame} · ${b.length} ${L.bytes[lang]}</figcaption><pre>${e(hexDump(b))}${rest > 0 ? `\n… ${rest} ${L.notShown[lang]}` : ''}</pre></figure>`)
    }
    const more = step.frames.length - HANDOUT_FRAMES_PER_STEP
    if (more > 0) out.push(`<p class="more">${lang === 'ko' ? `${more}${L.moreFrames.ko}` : `${more} ${L.moreFrames.en}`} (${e(frameList(step.frames.slice(HANDOUT_FRAMES_PER_STEP)))})</p>`)
    out.push('</li>')
  }
  out.push('</ol></section>')

  out.push(`<section class="chains"><h2>${L.chains[lang]}</h2>`)
  if (w.resolutions.length === 0) out.push(`<p>${L.noChains[lang]}</p>`)
  for (let ri = 0; ri < w.resolutions.length; ri++) {
    const r = w.resolutions.at(ri)!
    out.push(`<table class="chain" data-resolution="${ri}"><caption>${e(`${r.qname} ${r.qtype}`)} → ${e(r.rcode ?? '-')}${r.answers.length ? ` (${e(r.answers.map((a) => a.data).slice(0, 4).join(', '))})` : ''}</caption>`)
    out.push(`<thead><tr><th>#</th><th>${L.server[lang]}</th><th>${L.role[lang]}</th><th>${L.outcome[lang]}</th><th>${L.frames[lang]}</th></tr></thead><tbody>`)
    r.hops.forEach((h, hi) => {
      // A cache hit has no server: it is named by whose cache answered.
      const cached = h.outcome === 'cache'
      const role = cached && h.cache !== 'nearby' ? L.ownCache[lang] : dnsServerRole({ nearby: h.role === 'nearby' || h.cache === 'nearby', recursionDesired: h.role === 'recursive' || h.zone === '(recursive)', zone: h.zone }).label[lang]
      const outcome = `${OUTCOMES[h.outcome][lang]}${h.referredTo ? ` → ${h.referredTo}` : ''}${h.ttlLeft !== undefined ? ` (TTL ${h.ttlLeft})` : ''}`
      out.push(`<tr><td>${hi + 1}</td><td>${e(cached ? L.cache[lang] : h.server)}</td><td>${e(role)}</td><td>${e(outcome)}</td><td>${e(frameList(h.frames))}</td></tr>`)
    })
    out.push('</tbody></table>')
  }
  out.push('</section>')

  out.push(`<section class="diagram"><h2>${L.diagram[lang]}</h2>`)
  out.push(sequenceSvg(frames.slice(0, HANDOUT_MAX_ARROWS), lang))
  const notDrawn = w.packets - Math.min(frames.length, HANDOUT_MAX_ARROWS)
  if (notDrawn > 0) out.push(`<p class="more">${notDrawn} ${L.diagramCut[lang]}</p>`)
  out.push('</section>')

  out.push(`<footer>${L.made[lang]}</footer>`, '</body>', '</html>')
  return `${out.join('\n')}\n`
}

function frameList(frames: readonly number[]): string {
  if (frames.length === 0) return '-'
  return frames.length > 8 ? `${frames.slice(0, 8).join(', ')}, …` : frames.join(', ')
}

/**
 * The sequence diagram as SVG: one lifeline per host (in the order they first appear, the first
 * frame's sender first: the client), one arrow per frame, labelled as the packet list labels it.
 * Cut into pieces of ARROWS_PER_PIECE arrows, each with the hosts on top, so a printed page never
 * splits an arrow.
 */
function sequenceSvg(frames: readonly FrameSummary[], lang: HandoutLanguage): string {
  if (frames.length === 0) return `<p>${L.noFrames[lang]}</p>`
  const hosts: string[] = []
  for (const f of frames) for (const h of [f.src, f.dst]) if (h !== '' && !hosts.includes(h)) hosts.push(h)
  const column = 125
  const gutter = 32
  const row = 22
  const head = 30
  const width = gutter + column * hosts.length
  const x = (host: string) => gutter + column * (hosts.indexOf(host) + 0.5)
  const pieces: string[] = []
  for (let start = 0; start < frames.length; start += ARROWS_PER_PIECE) {
    const part = frames.slice(start, start + ARROWS_PER_PIECE)
    const height = head + row * part.length + 6
    const svg: string[] = [`<svg class="sequence" role="img" aria-label="${e(L.diagram[lang])}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`]
    const marker = `wt-head-${start}`
    svg.push(`<defs><marker id="${marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z"/></marker></defs>`)
    hosts.forEach((h) => {
      svg.push(`<text class="host" x="${x(h)}" y="16" text-anchor="middle">${e(h)}</text>`)
      svg.push(`<line class="life" x1="${x(h)}" y1="${head - 8}" x2="${x(h)}" y2="${height}"/>`)
    })
    part.forEach((f, i) => {
      const y = head + row * i + row - 6
      const label = `${f.protocol} ${f.info}`
      const shown = label.length > 60 ? `${label.slice(0, 59)}…` : label
      svg.push(`<text class="n" x="4" y="${y}">${f.frame}</text>`)
      // A frame with no address (a pcapng custom block) has no arrow: its label says what it is.
      if (f.src === '' && f.dst === '') {
        svg.push(`<text class="label" x="${gutter}" y="${y - 4}">${e(shown)}</text>`)
        return
      }
      const from = x(f.src || f.dst)
      const to = x(f.dst || f.src)
      if (from === to) svg.push(`<path class="arrow" d="M${from} ${y - 6}h16v8h-14" marker-end="url(#${marker})"/>`)
      else svg.push(`<line class="arrow p-${e(f.protocol.toLowerCase().replace(/[^a-z0-9]/g, ''))}" x1="${from}" y1="${y}" x2="${to}" y2="${y}" marker-end="url(#${marker})"/>`)
      svg.push(`<text class="label" x="${Math.min(from, to) + 6}" y="${y - 4}">${e(shown)}</text>`)
    })
    svg.push('</svg>')
    pieces.push(`<figure class="piece">${svg.join('')}</figure>`)
  }
  return pieces.join('\n')
}

// Hangul in a proportional font (monospace only for bytes); printed black on white, each step kept
// whole on a page where it fits, the diagram's pieces never split.
const STYLE = `
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Nanum Gothic", "Malgun Gothic", "Apple SD Gothic Neo", system-ui, sans-serif; line-height: 1.5; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #111; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; word-break: break-all; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #333; margin-top: 2rem; }
h3 { font-size: 1rem; margin: 0 0 .25rem; }
.facts { color: #444; font-size: .9rem; word-break: break-all; }
ol { padding-left: 0; list-style: none; }
.step { border: 1px solid #ccc; border-radius: 4px; padding: .6rem .8rem; margin: .6rem 0; break-inside: avoid; page-break-inside: avoid; }
.step .n { color: #666; }
.step .t { color: #777; font-weight: normal; font-size: .85rem; float: right; }
.detail { margin: .25rem 0; }
.concept { margin: .25rem 0; font-size: .9rem; color: #333; }
.chapter { display: inline-block; background: #eef; border-radius: 3px; padding: 0 .3rem; font-size: .8rem; }
.explanation { margin: .3rem 0 .3rem 0; padding: .3rem .6rem; border-left: 3px solid #99c; background: #f7f7fc; font-size: .9rem; }
figure { margin: .4rem 0; }
figcaption { font-size: .8rem; color: #555; }
pre { font-family: "DejaVu Sans Mono", "Noto Sans Mono", Menlo, Consolas, monospace; font-size: .72rem; line-height: 1.3; background: #f6f6f6; padding: .3rem .5rem; overflow-x: auto; white-space: pre; margin: 0; }
.more, .nobytes { font-size: .85rem; color: #555; }
table.chain { border-collapse: collapse; margin: .8rem 0; font-size: .85rem; break-inside: avoid; page-break-inside: avoid; }
table.chain caption { text-align: left; font-weight: bold; padding: .2rem 0; }
table.chain th, table.chain td { border: 1px solid #bbb; padding: .15rem .4rem; text-align: left; }
svg.sequence { max-width: 100%; height: auto; font-family: "DejaVu Sans", "Noto Sans CJK KR", "NanumGothic", sans-serif; font-size: 11px; }
svg .host { font-weight: bold; font-size: 12px; }
svg .life { stroke: #999; stroke-dasharray: 3 3; }
svg .arrow { stroke: #333; stroke-width: 1.2; fill: none; }
svg .p-dns { stroke: #1565c0; } svg .p-http { stroke: #2e7d32; } svg .p-tls { stroke: #6a1b9a; }
svg .n { fill: #777; font-size: 10px; }
svg .label { fill: #222; }
svg marker path { fill: #333; }
figure.piece { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 2rem; font-size: .8rem; color: #666; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  pre { white-space: pre-wrap; word-break: break-all; overflow: visible; font-size: 7.5pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  /* The diagram on landscape pages: its columns at full size. */
  .diagram { break-before: page; page-break-before: always; page: landscape; }
  @page landscape { size: A4 landscape; margin: 10mm; }
}
`
