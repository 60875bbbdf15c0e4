// Questions on the learner's own capture (issue 14 §2): the question set the analyzer draws from a
// walkthrough, each with its expected answer and the field (frame, byte offset, length) that proves
// it, and the verdict on an answer — typed, or a field clicked in the packet's field tree or hex
// view. Pure types and words shared with the renderer; the analyzer derives and checks
// (src-main/analyzer/questions.ts), in its worker, against the capture's bytes.

import type { LocalizedText } from './walkthrough.ts'

/** One kind per question of the notes; `QUESTION_KINDS` lists them in the order they are asked. */
export type QuestionKind =
  /** STORY 04: which port the protocol stack chose for this computer's socket to the web server. */
  | 'client-port'
  /** STORY 03: which server gave the authoritative answer, and how you know (the AA bit). */
  | 'authoritative-server'
  /** STORY 03: how many referrals the nearby DNS server (or this computer's resolver) followed. */
  | 'referral-count'
  /** STORY 04 §5: which side closed the connection first (sent the first FIN or an RST). */
  | 'first-close'
  /** STORY 01 §6: the image's status code and its class. */
  | 'image-status'
  /** STORY 02 §1: the network address of this computer's subnet (only where a netmask is known). */
  | 'subnet-address'

export const QUESTION_KINDS: readonly QuestionKind[] = ['client-port', 'authoritative-server', 'referral-count', 'first-close', 'image-status', 'subnet-address']

/** A field of one frame, as the field tree shows it: its Wireshark key, where its bytes are in the
 * frame (the hex view highlights them), and its value as the tree gives it. */
export interface FieldProof {
  /** 1-based frame number. */
  frame: number
  /** Wireshark's field name ("tcp.srcport", "dns.flags.authoritative"). */
  key: string
  /** Byte offset in the frame and length (a flag's length is its bytes; `mask` picks its bits). */
  offset: number
  length: number
  /** The value the field tree gives (a port, an address, true for a set flag). */
  value: string | number | boolean
  /** The field tree's line ("Source Port: 34194"). */
  display: string
}

export interface Question {
  /** Stable within a capture: its kind (one question per kind). */
  id: QuestionKind
  kind: QuestionKind
  prompt: LocalizedText
  /** What to type ("a port number", "an IPv4 address") — shown under the answer box. */
  form: LocalizedText
  /** The expected answer as it would be typed ("34194", "127.53.4.1", "server", "200 2xx"). */
  answer: string
  /** The answer in words, with how you know (shown once answered or given up). */
  explanation: LocalizedText
  /** The fields that show the answer; the first is the one to click. Clicking any of them is right
   * (for 'referral-count', the answer is typed: the fields are the referrals themselves). */
  proof: FieldProof[]
  /** Whether clicking a field answers it ('referral-count' is a count: it is typed). */
  clickable: boolean
  /** The walkthrough step that explains it (the player's go-to-step), or null. */
  step: number | null
}

export interface QuestionSet {
  /** The capture's identity (format-independent: the same recording saved as pcap or pcapng has
   * the same one), the key its scores are kept under. */
  identity: string
  questions: Question[]
  /** The set was handed out with the capture (a teacher's export): only its questions are asked. */
  handedOut: boolean
}

/** An answer: a typed value, or a field clicked (its frame, key and offset; the value is read
 * again from the capture's bytes, not taken from the renderer). */
export type QuestionAnswer =
  | { by: 'value'; text: string }
  | { by: 'field'; frame: number; key: string; offset: number }

export type VerdictKind =
  | 'right'
  | 'wrong'
  /** A field with the right value, but in another packet than the one that answers the question. */
  | 'right-value-wrong-packet'
  /** The right packet, but a field that does not show the answer. */
  | 'right-packet-wrong-field'
  /** Typed text that is not of the form asked for (not a number, not an address). */
  | 'unreadable'

export interface Verdict {
  question: QuestionKind
  verdict: VerdictKind
  /** What was wrong or right, in words ("Right: frame 13's Source Port is 34194"). */
  message: LocalizedText
}

/** The answer box's limit: typed text longer than this is refused before it is read. */
export const MAX_ANSWER_TEXT = 200

/** The notes' five classes of status code (STORY 01 §6's table), by the code's first digit. */
export function statusClass(status: number): { class: string; meaning: LocalizedText } {
  const first = Math.floor(status / 100)
  const meaning: LocalizedText =
    first === 1
      ? { en: 'progress (informational)', ko: '처리의 경과 상황 등을 통지' }
      : first === 2
        ? { en: 'success', ko: '정상 종료' }
        : first === 3
          ? { en: 'another action is needed', ko: '무언가 다른 조치가 필요함' }
          : first === 4
            ? { en: "an error on the client's side", ko: '클라이언트 측의 오류' }
            : first === 5
              ? { en: "an error on the server's side", ko: '서버 측의 오류' }
              : { en: 'not a standard class', ko: '표준이 아닌 코드' }
  return { class: `${first}xx`, meaning }
}

/** How one question went on one capture: kept per capture identity across runs of the app. */
export interface QuestionScore {
  /** Answers given (typed or clicked). */
  attempts: number
  /** Answered right at some point (a later wrong answer does not take it back). */
  right: boolean
  /** Whether it was right at the first attempt. */
  firstTry: boolean
  last: VerdictKind
  /** ISO 8601 time of the last answer. */
  at: string
}

/** A capture's scores: by question, under the capture's identity (QuestionSet.identity). */
export interface QuestionScores {
  identity: string
  byQuestion: Partial<Record<QuestionKind, QuestionScore>>
}

/** The question set as the app's window gets it: the questions and this capture's scores so far. */
export interface QuestionSession extends QuestionSet {
  scores: QuestionScores
}

/** What checking an answer gives the window: the verdict and the capture's scores after it. */
export interface CheckedAnswer {
  verdict: Verdict
  scores: QuestionScores
}
