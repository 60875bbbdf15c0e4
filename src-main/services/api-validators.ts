// One argument validator per operation of the API map (src-main/shared/api.ts). Both shells run
// every call through these before anything else happens (no lab started, no file written); the
// mapped type makes a missing or mistyped entry a compile error. Values with a meaning of their own
// (URLs, server addresses) are read by the same parsers the engine uses, not by look-alike patterns.
import { isAbsolute } from 'node:path'
import { checkRecordMethod, parseRecordTarget } from '../recorder/record-target.ts'
import { parseServer } from '../resolver/server-address.ts'
import { MAX_BODY_TEXT, MAX_FORM_FIELDS, MAX_FORM_TEXT, type ApiArgs, type ApiName, type RecordMethod } from '../shared/api.ts'
import { CONCEPT_IDS } from '../shared/concepts.ts'
import { FIND_STEPS_LIMIT, LESSON_WINDOW, STEP_PHASE, type StepTarget } from '../shared/lesson.ts'
import type { StepKind } from '../shared/walkthrough.ts'
import { InvalidArgumentError, argumentList, arrayOf, bytes, describeValue, integer, object, oneOf, optional, string, type Validator } from './validators.ts'
import { MAX_FILTER_LENGTH } from '../filter/parse.ts'
import { experimentNamed } from '../lab/experiments/index.ts'
import { MAX_ANSWER_TEXT, QUESTION_KINDS, type QuestionAnswer } from '../shared/questions.ts'

/** Largest capture the renderer may hand over as bytes (browser shell upload, Electron drop). */
export const MAX_OPEN_BYTES = 1024 * 1024 * 1024
/** Largest journal handed over with it (a page load's journal is tens of kilobytes). */
export const MAX_JOURNAL_BYTES = 64 * 1024 * 1024
export const MAX_PATH_LENGTH = 4096
export const MAX_URL_LENGTH = 2048
/** Frame summaries per capture.frames / capture.rows call. */
export const MAX_FRAMES_PAGE = 5000
/** Frames a view may be asked to hold by number (a step's, a selection). */
export const MAX_QUERY_FRAMES = 100_000

const captureId = string({ maxLength: 64, pattern: /^[A-Za-z0-9-]+$/, what: 'a capture id (letters, digits, "-")' })
const captureFormat = oneOf(['pcap', 'pcapng'] as const)

const absolutePath: Validator<string> = (value, where) => {
  const path = string({ maxLength: MAX_PATH_LENGTH, what: `a file path of at most ${MAX_PATH_LENGTH} characters` })(value, where)
  if (!isAbsolute(path)) throw new InvalidArgumentError(`${where} must be an absolute path, got ${JSON.stringify(path)}`)
  return path
}

/** "ip" or "ip:port" ("[v6]:port" for IPv6), read by the same parser as `--root`/`--stub`. */
const serverAddress: Validator<string> = (value, where) => {
  const text = string({ maxLength: 64, what: 'a server address "ip" or "ip:port"' })(value, where)
  try {
    parseServer(text)
  } catch (error) {
    throw new InvalidArgumentError(`${where} must be a server address "ip" or "ip:port" (IPv6 as "[addr]:port"): ${(error as Error).message}`)
  }
  return text
}

/** What a recording loads, read by the recorder's own reading of the address bar (a page a browser
 * would load, or a dns: lookup): a refusal keeps its URL_* code and the position of the bad part,
 * and a host a browser accepts but DNS cannot carry (an empty label, a label over 63 octets) is
 * refused with DNS_BAD_NAME, so nothing is started for a recording that cannot look its host up. */
const url: Validator<string> = (value, where) => {
  const text = string({ maxLength: MAX_URL_LENGTH, what: `a URL of at most ${MAX_URL_LENGTH} characters` })(value, where)
  parseRecordTarget(text)
  return text
}

/** A form field: [name, value], each at most MAX_FORM_TEXT characters (an empty value is a value). */
const formField: Validator<[string, string]> = (value, where) => {
  if (!Array.isArray(value) || value.length !== 2) throw new InvalidArgumentError(`${where} must be a [name, value] pair, got ${describeValue(value)}`)
  const name = string({ maxLength: MAX_FORM_TEXT, what: `a field name of 1 to ${MAX_FORM_TEXT} characters` })(value[0], `${where}[0]`)
  const text = string({ maxLength: MAX_FORM_TEXT, minLength: 0, what: `a field value of at most ${MAX_FORM_TEXT} characters` })(value[1], `${where}[1]`)
  return [name, text]
}

/** A method's name: RECORD_UNSUPPORTED_METHOD (the recorder's code) for one it does not send. */
const recordMethod: Validator<RecordMethod> = (value, where) => {
  const text = string({ maxLength: 16, what: 'a method name of 1 to 16 characters' })(value, where)
  return checkRecordMethod({ method: text })
}

const recordRequestFields = object({
  url,
  method: optional(recordMethod),
  form: optional(arrayOf(formField, MAX_FORM_FIELDS)),
  body: optional(string({ maxLength: MAX_BODY_TEXT, minLength: 0, what: `a body of at most ${MAX_BODY_TEXT} characters` })),
  target: oneOf(['lab', 'internet'] as const),
  resolverMode: oneOf(['nearby', 'iterative', 'stub'] as const),
  format: captureFormat,
  stub: optional(serverAddress),
  roots: optional(arrayOf(serverAddress, 13)),
  rootHints: optional(absolutePath),
  packets: optional(oneOf(['synthesized', 'kernel'] as const)),
})

/** A form goes with POST only, a body with PUT only (RECORD_BODY_NOT_ALLOWED, the recorder's check). */
const recordRequest: Validator<ApiArgs<'capture.record'>[0]> = (value, where) => {
  const request = recordRequestFields(value, where)
  checkRecordMethod(request)
  return request
}

const preferencesChange = object(
  { language: optional(oneOf(['en', 'ko'] as const)), theme: optional(oneOf(['light', 'dark', 'system'] as const)) },
  { partial: true },
)

/** Largest file the renderer may hand over to be saved (a followed stream, 32 MiB, as a hex dump). */
export const MAX_SAVE_FILE_BYTES = 256 * 1024 * 1024

const fileName = string({ maxLength: 255, what: 'a file name of 1 to 255 characters' })

const boolean: Validator<boolean> = (value, where) => {
  if (typeof value !== 'boolean') throw new InvalidArgumentError(`${where} must be true or false, got ${JSON.stringify(value)}`)
  return value
}
const frameNumber = integer(1, 0xffff_ffff)
const frameQuery = object({
  protocols: optional(arrayOf(oneOf(['arp', 'ip', 'ipv6', 'icmp', 'udp', 'tcp', 'dns', 'http', 'tls', 'mdns', 'llmnr'] as const), 16)),
  connection: optional(integer(0, 0x7fff_ffff)),
  frames: optional(arrayOf(frameNumber, MAX_QUERY_FRAMES)),
  sort: optional(object({ column: oneOf(['number', 'time', 'source', 'destination', 'protocol', 'length'] as const), descending: optional(boolean) })),
  filter: optional(string({ maxLength: MAX_FILTER_LENGTH, minLength: 0, what: `a display filter of at most ${MAX_FILTER_LENGTH} characters` })),
})
const view = integer(1, 0x7fff_ffff)
const viewOrEveryFrame: Validator<number | null> = (value, where) => (value === null ? null : view(value, where))
const findRequest = object({
  view: viewOrEveryFrame,
  filter: string({ maxLength: MAX_FILTER_LENGTH, what: `a display filter of 1 to ${MAX_FILTER_LENGTH} characters` }),
  // −1: from the start; the view's length: from the end (backwards).
  from: integer(-1, 0xffff_ffff),
  backwards: optional(boolean),
})
const connection = integer(0, 0x7fff_ffff)
/** An experiment's name: one of the table's, or LAB_UNKNOWN_EXPERIMENT listing them (nothing started). */
const experimentId: Validator<string> = (value, where) => experimentNamed(string({ maxLength: 64, what: 'an experiment name' })(value, where)).id
/** Indexes per entity kind in one capture.entities call. */
export const MAX_ENTITY_REFS = 1000
const entityIndex = integer(0, 0x7fff_ffff)
const entityRefs = object(
  {
    dns: optional(arrayOf(entityIndex, MAX_ENTITY_REFS)),
    resolutions: optional(arrayOf(entityIndex, MAX_ENTITY_REFS)),
    connections: optional(arrayOf(entityIndex, MAX_ENTITY_REFS)),
    http: optional(arrayOf(entityIndex, MAX_ENTITY_REFS)),
    tls: optional(arrayOf(entityIndex, MAX_ENTITY_REFS)),
  },
  { partial: true },
)
const stepIndex = integer(0, 0x7fff_ffff)
const stepQuery = object(
  {
    text: optional(string({ maxLength: 200, minLength: 0, what: 'a search text of at most 200 characters' })),
    concept: optional(oneOf(CONCEPT_IDS)),
    kind: optional(oneOf(Object.keys(STEP_PHASE) as StepKind[])),
    from: optional(stepIndex),
    to: optional(stepIndex),
    limit: optional(integer(0, FIND_STEPS_LIMIT)),
  },
  { partial: true },
)
const phaseName = oneOf(['socket', 'connect', 'transfer', 'close'] as const)
/** { frame } | { connection, phase } | { resolution, hop }, by which fields it has. */
const stepTarget: Validator<StepTarget> = (value, where) => {
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  if ('frame' in record) return object({ frame: frameNumber })(value, where)
  if ('phase' in record) return object({ connection: entityIndex, phase: phaseName })(value, where)
  return object({ resolution: entityIndex, hop: integer(0, 0xffff) })(value, where)
}
const questionKind = oneOf(QUESTION_KINDS)
const typedAnswer = object({ by: oneOf(['value'] as const), text: string({ maxLength: MAX_ANSWER_TEXT, minLength: 0, what: `an answer of at most ${MAX_ANSWER_TEXT} characters` }) })
const clickedAnswer = object({ by: oneOf(['field'] as const), frame: frameNumber, key: string({ maxLength: 128, pattern: /^[A-Za-z0-9_.-]+$/, what: 'a field key ("tcp.srcport")' }), offset: integer(0, 0xffff_ffff) })
/** A typed value or a clicked field, told apart by `by`. */
const questionAnswer: Validator<QuestionAnswer> = (value, where) => {
  const by = typeof value === 'object' && value !== null ? (value as { by?: unknown }).by : undefined
  if (by === 'value') return typedAnswer(value, where)
  if (by === 'field') return clickedAnswer(value, where)
  throw new InvalidArgumentError(`${where} must be { by: "value", text } or { by: "field", frame, key, offset }, got ${describeValue(value)}`)
}

export const API_VALIDATORS: { readonly [K in ApiName]: (args: unknown) => ApiArgs<K> } = {
  'app.info': argumentList('app.info', [], []),
  'app.setPreferences': argumentList('app.setPreferences', ['preferences'], [preferencesChange]),
  'app.menu': argumentList('app.menu', [], []),
  'recent.list': argumentList('recent.list', [], []),
  'recent.clear': argumentList('recent.clear', [], []),
  'capture.record': argumentList('capture.record', ['request'], [recordRequest]),
  'capture.checkRequest': argumentList('capture.checkRequest', ['request'], [recordRequest]),
  'capture.cancel': argumentList('capture.cancel', [], []),
  'capture.kernelCapture': argumentList('capture.kernelCapture', [], []),
  'capture.openDialog': argumentList('capture.openDialog', [], []),
  'capture.openPath': argumentList('capture.openPath', ['path'], [absolutePath]),
  'capture.openBytes': argumentList('capture.openBytes', ['name', 'bytes', 'journal'], [fileName, bytes(MAX_OPEN_BYTES), optional(bytes(MAX_JOURNAL_BYTES))]),
  'capture.packet': argumentList('capture.packet', ['captureId', 'frame'], [captureId, integer(1, 0xffff_ffff)]),
  'capture.httpBody': argumentList('capture.httpBody', ['captureId', 'exchange', 'part'], [captureId, integer(0, 0xffff_ffff), oneOf(['request', 'response'] as const)]),
  'capture.frames': argumentList('capture.frames', ['captureId', 'start', 'count'], [captureId, integer(1, 0xffff_ffff), integer(1, MAX_FRAMES_PAGE)]),
  'capture.view': argumentList('capture.view', ['captureId', 'query'], [captureId, frameQuery]),
  'capture.rows': argumentList('capture.rows', ['captureId', 'view', 'start', 'count'], [captureId, view, integer(0, 0xffff_ffff), integer(1, MAX_FRAMES_PAGE)]),
  'capture.position': argumentList('capture.position', ['captureId', 'view', 'frame'], [captureId, view, frameNumber]),
  'capture.cancelFilter': argumentList('capture.cancelFilter', ['captureId'], [captureId]),
  'capture.find': argumentList('capture.find', ['captureId', 'request'], [captureId, findRequest]),
  'capture.follow': argumentList('capture.follow', ['captureId', 'connection'], [captureId, connection]),
  'capture.conversations': argumentList('capture.conversations', ['captureId', 'kind'], [captureId, oneOf(['tcp', 'udp', 'ip', 'ipv6'] as const)]),
  'capture.protocolHierarchy': argumentList('capture.protocolHierarchy', ['captureId'], [captureId]),
  'capture.questions': argumentList('capture.questions', ['captureId'], [captureId]),
  'capture.exportQuestions': argumentList('capture.exportQuestions', ['captureId', 'kinds'], [captureId, arrayOf(questionKind, QUESTION_KINDS.length)]),
  'capture.checkAnswer': argumentList('capture.checkAnswer', ['captureId', 'question', 'answer'], [captureId, questionKind, questionAnswer]),
  'capture.saveFile': argumentList('capture.saveFile', ['suggestedName', 'content'], [fileName, bytes(MAX_SAVE_FILE_BYTES)]),
  'capture.steps': argumentList('capture.steps', ['captureId', 'start', 'count'], [captureId, stepIndex, integer(1, LESSON_WINDOW)]),
  'capture.entities': argumentList('capture.entities', ['captureId', 'refs'], [captureId, entityRefs]),
  'capture.findSteps': argumentList('capture.findSteps', ['captureId', 'query'], [captureId, stepQuery]),
  'capture.stepFor': argumentList('capture.stepFor', ['captureId', 'target'], [captureId, stepTarget]),
  'capture.saveAs': argumentList('capture.saveAs', ['captureId', 'format'], [captureId, captureFormat]),
  'capture.exportText': argumentList('capture.exportText', ['captureId'], [captureId]),
  'capture.exportHtml': argumentList('capture.exportHtml', ['captureId'], [captureId]),
  'capture.close': argumentList('capture.close', ['captureId'], [captureId]),
  'capture.discard': argumentList('capture.discard', ['captureId'], [captureId]),
  'recordings.unsaved': argumentList('recordings.unsaved', [], []),
  'recordings.discardPath': argumentList('recordings.discardPath', ['path'], [absolutePath]),
  'recordings.keepAll': argumentList('recordings.keepAll', [], []),
  'recordings.discardAll': argumentList('recordings.discardAll', [], []),
  'experiments.list': argumentList('experiments.list', [], []),
  'experiments.start': argumentList('experiments.start', ['id'], [experimentId]),
  'experiments.end': argumentList('experiments.end', [], []),
}

export function validateApiArgs<K extends ApiName>(name: K, args: unknown): ApiArgs<K> {
  return API_VALIDATORS[name](args)
}
