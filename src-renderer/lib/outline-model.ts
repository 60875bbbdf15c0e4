// The step outline: every concept of the notes grouped by STORY, each with the steps of the open
// capture that show it, and runs of the same kind of step folded into one row ("22 × answered from
// the cache": the gallery page makes 98 steps). The folding is the analyzer's (the lesson's outline,
// src-main/shared/lesson.ts), so a capture of a million steps arrives as rows, not steps. A concept
// no step shows names the lab page whose recording shows it. Searchable: a query keeps the concepts
// whose title matches and the steps whose words contain it (in either language, found by
// capture.findSteps), unfolded. Pure, so grouping and search are tested without rendering.
import { CONCEPT_IDS, CONCEPTS, type Concept, type ConceptId } from '../../src-main/shared/concepts.ts'
import { LAB_PAGE_FOR_CONCEPT, type LabPageId } from '../../src-main/shared/lab-pages.ts'
import type { OutlineConceptRows, StepHead, StepList, StepOutline } from '../../src-main/shared/lesson.ts'
import type { LocalizedText, StepKind } from '../../src-main/shared/walkthrough.ts'

export const STORIES = ['STORY 01', 'STORY 02', 'STORY 03', 'STORY 04'] as const
export type Story = (typeof STORIES)[number]

export { FOLD_AT } from '../../src-main/shared/lesson.ts'

/** What a folded run of each kind of step is called ("22 × answered from the cache"). */
export const STEP_KIND_LABELS: Record<StepKind, LocalizedText> = {
  url: { en: 'URL read', ko: 'URL 해독' },
  'http-request-built': { en: 'request message written', ko: '리퀘스트 메시지 작성' },
  'ip-anatomy': { en: "this computer's IP address", ko: '이 컴퓨터의 IP 주소' },
  'name-lookup': { en: 'name handed to the resolver', ko: '리졸버에 이름 조회 의뢰' },
  'dns-query': { en: 'DNS query sent', ko: 'DNS 조회 송신' },
  'dns-referral': { en: 'referred to the next level down', ko: '하위 도메인의 DNS 서버 소개' },
  'dns-root-hints': { en: 'root servers learnt (priming)', ko: '루트 서버 목록 받기(프라이밍)' },
  'dns-answer': { en: 'answered', ko: '회답' },
  'dns-cname': { en: 'alias (CNAME) followed', ko: '별칭(CNAME) 따라가기' },
  'dns-nxdomain': { en: 'no such name', ko: '존재하지 않는 이름' },
  'dns-nodata': { en: 'no data of this type', ko: '이 타입의 데이터 없음' },
  'dns-cache-hit': { en: 'answered from the cache', ko: '캐시에서 회답' },
  // Not '권한 없는 서버': 권한 있는 응답 is the AA flag's name (an answer not from the cache), and a lame
  // server is one the delegation names that will not answer for the zone at all.
  'dns-lame': { en: 'lame server', ko: '레임 서버(잘못된 위임)' },
  'dns-timeout': { en: 'no answer', ko: '응답 없음' },
  'dns-tcp-fallback': { en: 'asked again over TCP', ko: 'TCP로 다시 조회' },
  'socket-create': { en: 'socket created', ko: '소켓 작성' },
  connect: { en: 'connected', ko: '접속' },
  'tls-handshake': { en: 'TLS handshake', ko: 'TLS 핸드셰이크' },
  send: { en: 'request sent (write)', ko: '리퀘스트 송신 (write)' },
  receive: { en: 'response received (read)', ko: '응답 수신 (read)' },
  'http-response': { en: 'response', ko: '응답' },
  'http-redirect': { en: 'request after a redirect', ko: '리다이렉트 후 리퀘스트' },
  close: { en: 'connection closed', ko: '연결 끊기' },
  'fetch-failed': { en: 'request failed', ko: '요청 실패' },
  'hsts-upgrade': { en: 'HTTPS only (HSTS)', ko: 'HTTPS 전용 (HSTS)' },
}

export type OutlineRow =
  | { type: 'step'; step: StepHead }
  /** Consecutive steps of one kind, folded: `key` names the fold for its open/closed state; its
   * members (steps `first`…`last` of this concept and kind) are fetched when it opens. */
  | { type: 'run'; key: string; kind: StepKind; first: number; last: number; count: number }
  /** Steps of the concept past the rows sent (a very large capture): the player reaches them. */
  | { type: 'more'; key: string; count: number }

export interface OutlineConcept {
  id: ConceptId
  concept: Concept
  rows: OutlineRow[]
  /** Steps of this concept (all of them, or those matching the query). */
  stepCount: number
  /** When no step shows it: the lab page whose recording does (null: none does yet, or it is shown). */
  labPage: LabPageId | null
  /** No step of this capture shows it. */
  missing: boolean
}

export interface OutlineStory {
  story: Story
  concepts: OutlineConcept[]
}

/** A search's words and the steps whose words contain them (capture.findSteps). */
export interface OutlineSearch {
  query: string
  found: StepList
}

export function storyOf(concept: Concept): Story {
  return STORIES.find((story) => concept.chapter.startsWith(story)) ?? 'STORY 01'
}

function includes(text: LocalizedText, query: string): boolean {
  return text.en.toLowerCase().includes(query) || text.ko.toLowerCase().includes(query)
}

/** One concept's rows as the worker folded them (FOLD_AT or more steps of a kind in a row). */
function rowsOf(entry: OutlineConceptRows): OutlineRow[] {
  const rows: OutlineRow[] = entry.rows.map((row) => (row.type === 'step' ? row : { type: 'run', key: `${entry.concept}:${row.kind}:${row.first}`, kind: row.kind, first: row.first, last: row.last, count: row.count }))
  if (entry.more > 0) rows.push({ type: 'more', key: `${entry.concept}:more`, count: entry.more })
  return rows
}

/** Groups the lesson's outline by story and concept; with a search, only what matches, unfolded
 * (a concept whose title or chapter matches keeps all its rows). */
export function buildOutline(outline: StepOutline, search: OutlineSearch | null = null): OutlineStory[] {
  const needle = search?.query.trim().toLowerCase() ?? ''
  const byConcept = new Map(outline.concepts.map((entry) => [entry.concept, entry]))
  const foundByConcept = new Map<ConceptId, StepHead[]>()
  if (needle !== '') for (const step of search?.found.steps ?? []) foundByConcept.set(step.concept, [...(foundByConcept.get(step.concept) ?? []), step])
  return STORIES.map((story) => ({
    story,
    concepts: CONCEPT_IDS.filter((id) => storyOf(CONCEPTS[id]) === story).flatMap((id): OutlineConcept[] => {
      const concept = CONCEPTS[id]
      const entry = byConcept.get(id)
      const count = entry?.count ?? 0
      const labPage = count === 0 ? LAB_PAGE_FOR_CONCEPT[id] : null
      if (needle === '') return [{ id, concept, rows: entry ? rowsOf(entry) : [], stepCount: count, labPage, missing: count === 0 }]
      const conceptMatches = includes(concept.title, needle) || concept.chapter.toLowerCase().includes(needle)
      const matching = foundByConcept.get(id) ?? []
      if (!conceptMatches && matching.length === 0) return []
      return [
        {
          id,
          concept,
          rows: conceptMatches ? (entry ? rowsOf(entry) : []) : matching.map((step) => ({ type: 'step', step })),
          stepCount: conceptMatches ? count : matching.length,
          labPage,
          missing: count === 0,
        },
      ]
    }),
  })).filter((group) => group.concepts.length > 0)
}

/** How many steps the outline shows in all (for "n steps" and the search's "n found"). */
export function countSteps(outline: readonly OutlineStory[]): number {
  return outline.reduce((sum, group) => sum + group.concepts.reduce((n, concept) => n + concept.stepCount, 0), 0)
}
