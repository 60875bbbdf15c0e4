// Experiments on the lab (issue 14 §1): each one a change to the *running* lab (src-main/lab/tweaks.ts,
// in memory; the zone files on disk never change), what to record, and what to look for in the
// walkthrough, in English and Korean. One exhaustive table: the command line (`wiretrail lab
// --experiment NAME`, `wiretrail record --experiment NAME`) and the journal read it. Every change
// is undone by the function startExperiment returns (at the experiment's end, the recording's end,
// or when the program quits).
import type { ExperimentInfo, RecordMethod } from '../../shared/api.ts'
import { LAB_PAGES } from '../../shared/lab-pages.ts'
import { withParticles as k } from '../../shared/korean.ts'
import { LabError } from '../errors.ts'
import type { LabTweak } from '../tweaks.ts'

export type ExperimentId = 'ttl' | 'cold-warm' | 'slow-root' | 'slow-tld' | 'lame' | 'silent-root' | 'does-not-exist' | 'mail-route' | 'methods'

export interface Bilingual {
  en: string
  ko: string
}

/** One request of an experiment whose recordings each send a different request (methods): the n-th
 * recording sends the n-th request. */
export interface ExperimentRequest {
  url: string
  method: RecordMethod
  /** POST's form fields. */
  form?: readonly (readonly [string, string])[]
  /** PUT's body (text/plain; charset=utf-8). */
  body?: string
  /** What it does, in a few words. */
  does: Bilingual
}

export interface Experiment {
  id: ExperimentId
  title: Bilingual
  /** What it changes in the running lab. */
  changes: Bilingual
  /** What to record (a URL `wiretrail record` takes), and the pauses between its recordings (one
   * recording more than pauses; all in the same lab run, so the nearby server's cache carries over).
   * With `requests` (one per recording), each recording sends its own request instead of a GET of
   * `url` (the first request's URL); such recordings are not compared with one another. */
  record: { url: string; pausesMs: readonly number[]; requests?: readonly ExperimentRequest[] }
  /** What to look for in the walkthrough. */
  lookFor: Bilingual
  /** How it is undone. */
  undo: Bilingual
  /** The changes, in the order they are made. */
  tweaks: readonly LabTweak[]
}

const WWW = 'www.lab.cyber.co.kr'
/** The file the methods experiment puts, reads, deletes and reads again (not one of the site's). */
const MEMO = '/memo.txt'
const MEMO_TEXT = 'A memo written with PUT (STORY 01 §4).\n메모: PUT으로 쓴 파일.\n'

/** The methods experiment's requests, in order: the state each leaves (a file put, then deleted)
 * is what the next one sees, since all are sent to one lab run. */
const METHOD_REQUESTS: readonly ExperimentRequest[] = [
  { url: LAB_PAGES.form.url, method: 'POST', form: LAB_PAGES.form.form, does: { en: 'POST the form to /cgi-bin/echo', ko: '/cgi-bin/echo에 폼을 POST' } },
  { url: `http://${WWW}${MEMO}`, method: 'PUT', body: MEMO_TEXT, does: { en: `PUT a new file ${MEMO}`, ko: k(`새 파일 ${MEMO}을(를) PUT`) } },
  { url: `http://${WWW}${MEMO}`, method: 'GET', does: { en: `GET ${MEMO}, the file just put`, ko: k(`방금 올린 ${MEMO}을(를) GET`) } },
  { url: `http://${WWW}${MEMO}`, method: 'DELETE', does: { en: `DELETE ${MEMO}`, ko: k(`${MEMO}을(를) DELETE`) } },
  { url: `http://${WWW}${MEMO}`, method: 'GET', does: { en: `GET ${MEMO} again, after the DELETE`, ko: k(`DELETE한 뒤 ${MEMO}을(를) 다시 GET`) } },
  { url: `http://${WWW}/sample.htm`, method: 'OPTIONS', does: { en: 'OPTIONS /sample.htm: which methods it allows', ko: '/sample.htm에 OPTIONS: 허용하는 메소드 묻기' } },
  { url: `http://${WWW}/sample.htm`, method: 'TRACE', does: { en: 'TRACE /sample.htm: the request sent back', ko: '/sample.htm에 TRACE: 서버가 받은 리퀘스트 돌려받기' } },
]
const RESTORED: Bilingual = {
  en: 'Undone when the experiment ends: the lab answers again as its zone files say.',
  ko: '실험이 끝나면 되돌립니다. 실습 네트워크는 다시 존 파일에 적힌 대로 답합니다.',
}
const NOTHING_TO_UNDO: Bilingual = {
  en: 'Nothing in the lab changes; the nearby DNS server keeps what it cached until its TTL runs out.',
  ko: '실습 네트워크는 바뀌지 않습니다. 가까운 DNS 서버는 캐시한 내용을 TTL이 끝날 때까지 간직합니다.',
}

export const EXPERIMENTS: { readonly [K in ExperimentId]: Experiment } = {
  ttl: {
    id: 'ttl',
    title: { en: 'A short TTL', ko: '짧은 TTL' },
    changes: { en: `${WWW}'s A record is served with a TTL of 5 seconds (300 in the zone file).`, ko: `${WWW}의 A 레코드를 TTL 5초로 내보냅니다(존 파일에는 300초).` },
    record: { url: `http://${WWW}/sample.htm`, pausesMs: [0, 6000] },
    lookFor: {
      en: 'Record, reload at once, then wait more than 5 seconds and reload again: the second load is answered from the nearby DNS server\'s cache (no walk, the TTL counted down), the third is asked again because the cached answer expired — of lab.cyber.co.kr.\'s server only, since the referrals above it (TTL 172800 s and such) are still cached.',
      ko: '녹화한 뒤 바로 다시 불러오고, 5초 넘게 기다렸다가 한 번 더 불러오세요. 두 번째는 가까운 DNS 서버의 캐시에서 답이 오고(루트부터 찾아가지 않으며 TTL이 줄어 있음), 세 번째는 캐시가 만료되어 다시 묻습니다. 그 위의 위임 정보(TTL 172800초 등)는 아직 캐시에 있으므로 lab.cyber.co.kr. 서버에만 묻습니다.',
    },
    undo: RESTORED,
    tweaks: [{ kind: 'ttl', name: `${WWW}.`, ttl: 5 }],
  },
  'cold-warm': {
    id: 'cold-warm',
    title: { en: 'Cold vs warm', ko: '차가운 캐시와 따뜻한 캐시' },
    changes: { en: 'The nearby DNS server\'s cache is flushed before the first recording.', ko: '첫 녹화 전에 가까운 DNS 서버의 캐시를 비웁니다.' },
    record: { url: `http://${WWW}/sample.htm`, pausesMs: [0] },
    lookFor: {
      en: 'Record twice. The first (cold) starts from the root hints — the nearby server asks a root for the list of root servers (priming), its cache being empty — then walks from the root: referrals from the root, kr., co.kr. and cyber.co.kr.; the second (warm) has no referral chain at all, only the question to the nearby server and its answer from cache. Compare the DNS time of the two.',
      ko: '두 번 녹화하세요. 첫 번째(차가운 캐시)는 캐시가 비어 있으므로 루트 힌트에서 시작해 루트 서버에 루트 서버 목록을 묻고(프라이밍), 루트, kr., co.kr., cyber.co.kr.의 위임(referral)을 따라 내려가고, 두 번째(따뜻한 캐시)에는 위임 과정이 없이 가까운 DNS 서버에 묻고 캐시에서 답을 받는 것만 있습니다. 두 녹화의 DNS 시간을 비교해 보세요.',
    },
    undo: { en: 'A flushed cache has nothing to give back: it fills again as names are asked.', ko: '비운 캐시는 되돌릴 것이 없습니다. 이름을 물을 때마다 다시 채워집니다.' },
    tweaks: [{ kind: 'flush-cache' }],
  },
  'slow-root': {
    id: 'slow-root',
    title: { en: 'A slow link to the root', ko: '루트까지 느린 회선' },
    changes: { en: 'Both root servers wait 150 ms before every answer; the nearby DNS server\'s cache is flushed so the walk starts at the root.', ko: '두 루트 서버가 모든 답을 150ms 늦게 보냅니다. 루트부터 찾아가도록 가까운 DNS 서버의 캐시를 비웁니다.' },
    record: { url: `http://${WWW}/sample.htm`, pausesMs: [] },
    lookFor: {
      en: 'The root\'s hop takes at least 150 ms more than the others: the timeline shows where the time went.',
      ko: '루트에 묻는 단계가 다른 단계보다 150ms 이상 오래 걸립니다. 타임라인에서 시간이 어디에 쓰였는지 보입니다.',
    },
    undo: RESTORED,
    tweaks: [{ kind: 'flush-cache' }, { kind: 'delay', server: 'a.root-servers.lab.', ms: 150 }, { kind: 'delay', server: 'b.root-servers.lab.', ms: 150 }],
  },
  'slow-tld': {
    id: 'slow-tld',
    title: { en: 'A slow TLD server', ko: '느린 TLD 서버' },
    changes: { en: 'The kr. server waits 150 ms before every answer; the nearby DNS server\'s cache is flushed.', ko: 'kr. 서버가 모든 답을 150ms 늦게 보냅니다. 가까운 DNS 서버의 캐시를 비웁니다.' },
    record: { url: `http://${WWW}/sample.htm`, pausesMs: [] },
    lookFor: {
      en: 'Only the kr. hop is slow (150 ms or more); the root and the zones below answer as fast as before.',
      ko: 'kr. 단계만 느립니다(150ms 이상). 루트와 그 아래 존 서버들은 전처럼 빨리 답합니다.',
    },
    undo: RESTORED,
    tweaks: [{ kind: 'flush-cache' }, { kind: 'delay', server: 'a.dns.kr.', ms: 150 }],
  },
  lame: {
    id: 'lame',
    title: { en: 'A broken delegation (lame server)', ko: '망가진 위임(레임 서버)' },
    changes: {
      en: 'lab.cyber.co.kr. gets a second server, ns2.lab.cyber.co.kr., listed after ns1.lab.cyber.co.kr. (in cyber.co.kr.\'s delegation with its glue, and in the zone\'s own NS records), and ns1.lab.cyber.co.kr. answers REFUSED to every question: it will not answer for the zone (a lame server). The nearby DNS server\'s cache, and what it remembers about servers, is flushed.',
      ko: k('lab.cyber.co.kr.에 두 번째 서버 ns2.lab.cyber.co.kr.을(를) ns1.lab.cyber.co.kr. 다음 순서로 추가하고(cyber.co.kr.의 위임에는 글루와 함께, 그 존의 NS 레코드에도), ns1.lab.cyber.co.kr.은(는) 모든 질문에 REFUSED로 답합니다. 이 존에 대해서는 답하지 않겠다는 뜻입니다(레임 서버). 가까운 DNS 서버의 캐시와, 서버에 대해 기억해 둔 내용을 비웁니다.'),
    },
    record: { url: `http://${WWW}/sample.htm`, pausesMs: [] },
    lookFor: {
      en: 'cyber.co.kr. refers the nearby DNS server to the two servers of lab.cyber.co.kr., ns1 then ns2. It asks ns1 first: knowing nothing about either (its memory was flushed), Wiretrail\'s nearby server asks a zone\'s servers in the order the referral lists them (a real resolver such as unbound picks one at random, so it may ask ns2 first and show no retry). ns1 answers REFUSED: it will not answer for this zone, which says nothing about whether the name exists. The nearby server sets ns1 aside as lame and retries with the zone\'s other server, ns2, whose authoritative answer lets the page load. The refused exchange, the retry and the time the detour cost (from the question to ns1 to the question to ns2) are steps.',
      ko: k('cyber.co.kr.은(는) 가까운 DNS 서버에게 lab.cyber.co.kr.의 서버 두 대를 ns1, ns2 순서로 소개합니다. 가까운 DNS 서버는 ns1에 먼저 묻습니다. 두 서버에 대해 아는 것이 없으면(기억을 비웠으므로) Wiretrail의 가까운 DNS 서버는 위임에 적힌 순서대로 묻기 때문입니다(unbound 같은 실제 리졸버는 그중 하나를 무작위로 고르므로 ns2에 먼저 물어 재시도가 보이지 않을 수도 있습니다). ns1은 REFUSED로 답합니다. 이 존에 대해서는 답하지 않겠다는 뜻이며, 그 이름이 있는지 없는지는 아무것도 말해 주지 않습니다. 가까운 DNS 서버는 ns1을 레임 서버로 제쳐 두고 같은 존의 다른 서버 ns2에 다시 묻고, ns2의 권한 있는 응답으로 페이지가 열립니다. 거절된 교환, 재시도, 그리고 돌아가느라 든 시간(ns1에 물은 때부터 ns2에 물을 때까지)이 단계로 나옵니다.'),
    },
    undo: RESTORED,
    tweaks: [
      { kind: 'flush-cache' },
      { kind: 'add-server', zone: 'lab.cyber.co.kr.', server: 'ns2.lab.cyber.co.kr.' },
      { kind: 'answer', server: 'ns1.lab.cyber.co.kr.', answer: 'refused' },
    ],
  },
  'silent-root': {
    id: 'silent-root',
    title: { en: 'One of two servers silent', ko: '두 서버 중 하나가 침묵' },
    changes: { en: 'a.root-servers.lab. sends no answer at all (b.root-servers.lab. still does); the nearby DNS server\'s cache is flushed.', ko: k('a.root-servers.lab.이(가) 아무 답도 보내지 않습니다(b.root-servers.lab.은(는) 그대로 답합니다). 가까운 DNS 서버의 캐시를 비웁니다.') },
    record: { url: `http://${WWW}/sample.htm`, pausesMs: [] },
    lookFor: {
      en: 'The nearby DNS server asks a.root-servers.lab. first (it keeps its root hints in their order) and hears nothing: after waiting 1 second it gives up on it and asks b.root-servers.lab. the same question. The unanswered query, the retry and the second the detour cost are steps and show in the timeline; the walk then goes on from b.root-servers.lab. (a server that did not answer is asked last for two minutes).',
      ko: k('가까운 DNS 서버는 루트 힌트에 적힌 순서대로 a.root-servers.lab.에 먼저 묻지만 아무 답도 듣지 못합니다. 1초를 기다린 뒤 그 서버를 포기하고 b.root-servers.lab.에 같은 질문을 다시 합니다. 답이 없는 조회, 재시도, 그리고 돌아가느라 든 1초가 단계로 나오고 타임라인에 보입니다. 그 뒤의 조회는 b.root-servers.lab.에서 이어집니다(답하지 않은 서버는 2분 동안 맨 나중에 묻습니다).'),
    },
    undo: RESTORED,
    tweaks: [{ kind: 'flush-cache' }, { kind: 'answer', server: 'a.root-servers.lab.', answer: 'silent' }],
  },
  'does-not-exist': {
    id: 'does-not-exist',
    title: { en: 'A name that does not exist', ko: '존재하지 않는 이름' },
    changes: { en: 'Nothing changes in the lab: no-such-host.lab.cyber.co.kr has no record.', ko: '실습 네트워크는 바뀌지 않습니다. no-such-host.lab.cyber.co.kr에는 레코드가 없습니다.' },
    record: { url: 'dns:no-such-host.lab.cyber.co.kr', pausesMs: [0] },
    lookFor: {
      en: 'The first lookup ends in NXDOMAIN from lab.cyber.co.kr.\'s server with its SOA; the second comes from the nearby server\'s negative cache, for as long as the SOA minimum says.',
      ko: '첫 조회는 lab.cyber.co.kr. 서버가 SOA와 함께 보낸 NXDOMAIN으로 끝나고, 두 번째는 SOA의 minimum 값만큼 유지되는 가까운 DNS 서버의 부정 캐시에서 답이 옵니다.',
    },
    undo: NOTHING_TO_UNDO,
    tweaks: [],
  },
  'mail-route': {
    id: 'mail-route',
    title: { en: 'The mail route', ko: '메일이 가는 길' },
    changes: { en: 'Nothing changes in the lab: cyber.co.kr has an MX record naming mail.cyber.co.kr.', ko: k('실습 네트워크는 바뀌지 않습니다. cyber.co.kr에는 mail.cyber.co.kr을(를) 가리키는 MX 레코드가 있습니다.') },
    record: { url: 'dns:cyber.co.kr?type=MX', pausesMs: [] },
    lookFor: {
      en: 'The MX answer names mail.cyber.co.kr. (preference 10); then the mail host\'s A record gives its address.',
      ko: k('MX 응답은 mail.cyber.co.kr.(우선순위 10)을(를) 알려 주고, 이어서 메일 서버의 A 레코드가 그 주소를 알려 줍니다.'),
    },
    undo: NOTHING_TO_UNDO,
    tweaks: [],
  },
  methods: {
    id: 'methods',
    title: { en: 'Other methods', ko: '다른 메소드' },
    changes: {
      en: `The lab's web servers also take PUT and DELETE: a file put is kept in memory over the site's files (at most 16 files of 64 KiB); the files on disk never change.`,
      ko: k('실습 네트워크의 웹 서버가 PUT과(와) DELETE도 받습니다. PUT으로 올린 파일은 사이트의 파일 위에 메모리로만 보관하고(최대 16개, 각 64KiB) 디스크의 파일은 바뀌지 않습니다.'),
    },
    record: { url: LAB_PAGES.form.url, pausesMs: [0, 0, 0, 0, 0, 0], requests: METHOD_REQUESTS },
    lookFor: {
      en: `Seven recordings, one request each, in this order: POST the form to /cgi-bin/echo (200: the program's answer); PUT ${MEMO} (201 Created: the server made a new file at that URI); GET it (200: the bytes you put); DELETE it (204 No Content: deleted); GET it again (404 Not Found); OPTIONS /sample.htm (204: its Allow header lists the methods allowed there); TRACE /sample.htm (200, message/http: the body is your request line and headers as the server received them). Each shows its request line and status line on the real bytes.`,
      ko: k(`한 번에 리퀘스트 하나씩, 이 순서로 일곱 번 녹화합니다. /cgi-bin/echo에 폼을 POST(200: 프로그램의 응답), ${MEMO}을(를) PUT(201 Created: 서버가 그 URI에 새 파일을 만듦), 그 파일을 GET(200: 올린 바이트 그대로), DELETE(204 No Content: 삭제됨), 다시 GET(404 Not Found), /sample.htm에 OPTIONS(204: Allow 헤더가 그 경로에 허용된 메소드를 나열), /sample.htm에 TRACE(200, message/http: 본문은 서버가 받은 리퀘스트 라인과 헤더 그대로). 녹화마다 리퀘스트 라인과 스테이터스 라인을 실제 바이트로 볼 수 있습니다.`),
    },
    undo: {
      en: 'Undone when the experiment ends: every file put or deleted is forgotten, PUT and DELETE are refused again (405), and the lab serves its own files.',
      ko: '실험이 끝나면 되돌립니다. PUT이나 DELETE로 바꾼 파일을 모두 잊고, PUT과 DELETE를 다시 거절하며(405), 실습 네트워크는 자기 파일을 그대로 내보냅니다.',
    },
    tweaks: [{ kind: 'web-writes' }],
  },
}

export const EXPERIMENT_IDS = Object.keys(EXPERIMENTS) as ExperimentId[]

export function isExperimentId(name: string): name is ExperimentId {
  return Object.hasOwn(EXPERIMENTS, name)
}

/** The experiment named `name`, or LAB_UNKNOWN_EXPERIMENT listing every name. */
export function experimentNamed(name: string): Experiment {
  if (!isExperimentId(name)) {
    throw new LabError('LAB_UNKNOWN_EXPERIMENT', `no experiment is named "${name}"; the experiments are: ${EXPERIMENT_IDS.join(', ')}`, { name, experiments: EXPERIMENT_IDS })
  }
  return EXPERIMENTS[name]
}

/** The experiment as the app's Experiments panel shows it (the API's ExperimentInfo). */
export function experimentInfo(id: ExperimentId): ExperimentInfo {
  const { title, changes, lookFor, undo, record } = EXPERIMENTS[id]
  const requests = record.requests?.map(({ url, method, form, body, does }) => ({ url, method, does, ...(form !== undefined ? { form: form.map(([name, value]): [string, string] => [name, value]) } : {}), ...(body !== undefined ? { body } : {}) }))
  return { id, title, changes, lookFor, undo, url: record.url, recordings: record.pausesMs.length + 1, pausesMs: [...record.pausesMs], ...(requests !== undefined ? { requests } : {}) }
}

/** The lines `--help` prints: "  ttl            A short TTL". */
export function experimentsHelp(): string {
  return EXPERIMENT_IDS.map((id) => `  ${id.padEnd(16)}${EXPERIMENTS[id].title.en}`).join('\n')
}

/** Something that can be changed and changed back (a RunningLab's tweaks). */
export interface Tweakable {
  tweaks?: { apply(tweak: LabTweak): () => void }
}

/** Makes the experiment's changes to the running lab; the function returned undoes them all, in
 * reverse order (safe to call twice). A change that fails undoes the ones made before it. */
export function startExperiment(lab: Tweakable, id: ExperimentId): () => void {
  const undos: (() => void)[] = []
  const undoAll = (): void => {
    for (const undo of undos.splice(0).reverse()) undo()
  }
  const tweaks = lab.tweaks
  if (tweaks === undefined) throw new LabError('LAB_BAD_OPTION', `experiment ${id} needs the embedded lab running in this process`, { experiment: id })
  try {
    for (const tweak of EXPERIMENTS[id].tweaks) undos.push(tweaks.apply(tweak))
  } catch (error) {
    undoAll()
    throw error
  }
  return undoAll
}
