// The step outline: every concept of the notes grouped by STORY, each with the steps of the open
// capture that show it, and runs of the same kind of step folded into one row ("22 × answered from
// the cache": the gallery page makes 98 steps). A concept no step shows names the lab page whose
// recording shows it. Searchable: a query keeps the concepts and steps whose words contain it (in
// either language), unfolded. Pure, so grouping, folding and search are tested without rendering.
import { CONCEPT_IDS, CONCEPTS, type Concept, type ConceptId } from '../../src-main/shared/concepts.ts'
import { LAB_PAGE_FOR_CONCEPT, type LabPageId } from '../../src-main/shared/lab-pages.ts'
import type { LocalizedText, Step, StepKind } from '../../src-main/shared/walkthrough.ts'

export const STORIES = ['STORY 01', 'STORY 02', 'STORY 03', 'STORY 04'] as const
export type Story = (typeof STORIES)[number]

/** A run of this many steps of one kind (or more) is folded into one row. */
export const FOLD_AT = 3

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
  'dns-lame': { en: 'lame server', ko: '권한 없는 서버' },
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
}

export type OutlineRow =
  | { type: 'step'; step: Step }
  /** Consecutive steps of one kind, folded: `key` names the fold for its open/closed state. */
  | { type: 'run'; key: string; kind: StepKind; steps: Step[] }

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

export function storyOf(concept: Concept): Story {
  return STORIES.find((story) => concept.chapter.startsWith(story)) ?? 'STORY 01'
}

function includes(text: LocalizedText, query: string): boolean {
  return text.en.toLowerCase().includes(query) || text.ko.toLowerCase().includes(query)
}

/** Groups `steps` by story and concept, folding runs; with a query, only what matches, unfolded. */
export function buildOutline(steps: readonly Step[], query = ''): OutlineStory[] {
  const needle = query.trim().toLowerCase()
  const byConcept = new Map<ConceptId, Step[]>()
  for (const step of steps) {
    const list = byConcept.get(step.concept) ?? []
    list.push(step)
    byConcept.set(step.concept, list)
  }
  return STORIES.map((story) => ({
    story,
    concepts: CONCEPT_IDS.filter((id) => storyOf(CONCEPTS[id]) === story).flatMap((id): OutlineConcept[] => {
      const concept = CONCEPTS[id]
      const all = byConcept.get(id) ?? []
      if (needle === '') {
        return [{ id, concept, rows: fold(id, all), stepCount: all.length, labPage: all.length === 0 ? LAB_PAGE_FOR_CONCEPT[id] : null, missing: all.length === 0 }]
      }
      const conceptMatches = includes(concept.title, needle) || concept.chapter.toLowerCase().includes(needle)
      const matching = conceptMatches ? all : all.filter((step) => includes(step.title, needle) || includes(step.detail, needle))
      if (!conceptMatches && matching.length === 0) return []
      return [
        {
          id,
          concept,
          rows: conceptMatches ? fold(id, matching) : matching.map((step) => ({ type: 'step', step })),
          stepCount: matching.length,
          labPage: all.length === 0 ? LAB_PAGE_FOR_CONCEPT[id] : null,
          missing: all.length === 0,
        },
      ]
    }),
  })).filter((group) => group.concepts.length > 0)
}

/** Runs of FOLD_AT or more consecutive steps of one kind become one row. */
function fold(concept: ConceptId, steps: readonly Step[]): OutlineRow[] {
  const rows: OutlineRow[] = []
  let start = 0
  while (start < steps.length) {
    const kind = steps[start]!.kind
    let end = start + 1
    while (end < steps.length && steps[end]!.kind === kind) end++
    const run = steps.slice(start, end)
    if (run.length >= FOLD_AT) rows.push({ type: 'run', key: `${concept}:${kind}:${run[0]!.index}`, kind, steps: run })
    else for (const step of run) rows.push({ type: 'step', step })
    start = end
  }
  return rows
}

/** How many steps the outline shows in all (for "n steps" and the search's "n found"). */
export function countSteps(outline: readonly OutlineStory[]): number {
  return outline.reduce((sum, group) => sum + group.concepts.reduce((n, concept) => n + concept.stepCount, 0), 0)
}
