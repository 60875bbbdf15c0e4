// Scores of the question sets (issue 14 §2), persisted in <config>/question-scores.json and kept
// per capture identity (analyzer/questions.ts: the same packets saved as pcap or pcapng, opened
// again next week, have the same scores). Only the main process writes them, from the verdicts the
// analyzer gives: the window shows them, it cannot set them. Read tolerantly, written atomically
// (json-file.ts); the newest MAX_CAPTURES captures are kept.
import { join } from 'node:path'
import { QUESTION_KINDS, type QuestionKind, type QuestionScore, type QuestionScores, type VerdictKind } from '../shared/questions.ts'
import { readJsonFile, writeJsonFile } from './json-file.ts'

/** Captures whose scores are kept (the oldest answered goes first). */
export const MAX_SCORED_CAPTURES = 500

const VERDICTS: readonly VerdictKind[] = ['right', 'wrong', 'right-value-wrong-packet', 'right-packet-wrong-field', 'unreadable']

function readScore(value: unknown): QuestionScore | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  if (typeof v.attempts !== 'number' || !Number.isInteger(v.attempts) || v.attempts < 0) return null
  if (typeof v.right !== 'boolean' || typeof v.firstTry !== 'boolean' || typeof v.at !== 'string') return null
  const last = VERDICTS.find((x) => x === v.last)
  if (!last) return null
  return { attempts: v.attempts, right: v.right, firstTry: v.firstTry, last, at: v.at }
}

export class QuestionScoreBook {
  readonly #file: string
  readonly #now: () => Date
  #book: Map<string, Partial<Record<QuestionKind, QuestionScore>>> | null = null
  /** Writes one after another, so two answers in a row cannot interleave their files. */
  #writing: Promise<void> = Promise.resolve()

  constructor(configDir: string, now: () => Date = () => new Date()) {
    this.#file = join(configDir, 'question-scores.json')
    this.#now = now
  }

  async #load(): Promise<Map<string, Partial<Record<QuestionKind, QuestionScore>>>> {
    if (this.#book === null) {
      const stored = (await readJsonFile(this.#file)) as { captures?: unknown } | undefined
      const book = new Map<string, Partial<Record<QuestionKind, QuestionScore>>>()
      const captures = stored?.captures
      if (typeof captures === 'object' && captures !== null) {
        for (const [identity, scores] of Object.entries(captures as Record<string, unknown>)) {
          if (!/^[0-9a-f]{32}$/.test(identity) || typeof scores !== 'object' || scores === null) continue
          const byQuestion: Partial<Record<QuestionKind, QuestionScore>> = {}
          for (const kind of QUESTION_KINDS) {
            const s = readScore((scores as Record<string, unknown>)[kind])
            if (s) byQuestion[kind] = s
          }
          book.set(identity, byQuestion)
        }
      }
      // ??=: a score written while this first read was on its way is newer than what it read.
      this.#book ??= book
    }
    return this.#book
  }

  async get(identity: string): Promise<QuestionScores> {
    const book = await this.#load()
    return { identity, byQuestion: { ...(book.get(identity) ?? {}) } }
  }

  /** Records one verdict and returns the capture's scores after it. */
  async record(identity: string, question: QuestionKind, verdict: VerdictKind): Promise<QuestionScores> {
    const book = await this.#load()
    const scores = book.get(identity) ?? {}
    const before = scores[question]
    const right = verdict === 'right'
    scores[question] = {
      attempts: (before?.attempts ?? 0) + 1,
      right: (before?.right ?? false) || right,
      firstTry: before === undefined ? right : before.firstTry,
      last: verdict,
      at: this.#now().toISOString(),
    }
    // Most recently answered last: the oldest captures go first past the bound.
    book.delete(identity)
    book.set(identity, scores)
    while (book.size > MAX_SCORED_CAPTURES) book.delete(book.keys().next().value!)
    const snapshot = { captures: Object.fromEntries(book) }
    this.#writing = this.#writing.then(() => writeJsonFile(this.#file, snapshot))
    await this.#writing
    return { identity, byQuestion: { ...scores } }
  }
}
