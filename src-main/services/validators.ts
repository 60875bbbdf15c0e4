// Typed validators for what arrives from a renderer (IPC or the browser shell's HTTP channel).
// Hand-written rather than a schema library: a dozen combinators cover the API, they produce
// messages that name the operation, the argument and the field ("capture.packet: frame must be an
// integer from 1 to 4294967295, got -3"), and they add nothing to app.asar.
import { WiretrailError } from '../shared/errors.ts'

export type Validator<T> = (value: unknown, where: string) => T

export class InvalidArgumentError extends WiretrailError<'INVALID_ARGUMENT'> {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message)
  }
}

/** A short, safe description of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Uint8Array) return `${value.length} bytes`
  if (Array.isArray(value)) return `an array of ${value.length}`
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value)
    case 'undefined':
      return 'nothing'
    default:
      return `a ${typeof value}`
  }
}

function fail(where: string, expected: string, value: unknown): never {
  throw new InvalidArgumentError(`${where} must be ${expected}, got ${describeValue(value)}`)
}

export function string(options: { maxLength: number; minLength?: number; pattern?: RegExp; what?: string }): Validator<string> {
  const min = options.minLength ?? 1
  const expected = options.what ?? `a string of ${min} to ${options.maxLength} characters`
  return (value, where) => {
    if (typeof value !== 'string' || value.length < min || value.length > options.maxLength) fail(where, expected, value)
    if (value.includes('\0')) fail(where, `${expected} without NUL characters`, value)
    if (options.pattern !== undefined && !options.pattern.test(value)) fail(where, expected, value)
    return value
  }
}

export function integer(min: number, max: number): Validator<number> {
  return (value, where) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      fail(where, `an integer from ${min} to ${max}`, value)
    }
    return value
  }
}

export function oneOf<const T extends string>(choices: readonly T[]): Validator<T> {
  return (value, where) => {
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      fail(where, `one of ${choices.map((c) => `"${c}"`).join(', ')}`, value)
    }
    return value as T
  }
}

export function bytes(maxLength: number): Validator<Uint8Array> {
  return (value, where) => {
    if (!(value instanceof Uint8Array)) fail(where, 'bytes (a Uint8Array)', value)
    if (value.length > maxLength) fail(where, `at most ${maxLength} bytes`, value)
    return value
  }
}

export function arrayOf<T>(item: Validator<T>, maxLength: number): Validator<T[]> {
  return (value, where) => {
    if (!Array.isArray(value) || value.length > maxLength) fail(where, `an array of at most ${maxLength} items`, value)
    return value.map((element, i) => item(element, `${where}[${i}]`))
  }
}

type Shape = Record<string, Validator<unknown>>
type Optional<V> = Validator<V | undefined> & { optional: true }
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S]
type Infer<V> = V extends Validator<infer T> ? T : never
export type ObjectOf<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & {
  [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined>
}

export function optional<T>(validator: Validator<T>): Optional<T> {
  const wrapped = ((value: unknown, where: string) => (value === undefined ? undefined : validator(value, where))) as Optional<T>
  wrapped.optional = true
  return wrapped
}

/** A plain object with exactly these fields (unknown fields are refused, so typos surface). */
export function object<S extends Shape>(shape: S, options: { partial?: boolean } = {}): Validator<ObjectOf<S>> {
  return (value, where) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
      fail(where, 'an object', value)
    }
    const record = value as Record<string, unknown>
    for (const key of Object.keys(record)) {
      if (!Object.hasOwn(shape, key)) {
        throw new InvalidArgumentError(`${where} has an unknown field "${key}" (expected ${Object.keys(shape).join(', ')})`)
      }
    }
    const result: Record<string, unknown> = {}
    for (const [key, validator] of Object.entries(shape)) {
      const field = record[key]
      if (field === undefined && options.partial === true) continue
      const checked = validator(field, `${where}.${key}`)
      if (checked !== undefined) result[key] = checked
    }
    return result as ObjectOf<S>
  }
}

/** Checks a positional argument list against one validator per position (and no extra ones). */
export function argumentList<T extends unknown[]>(operation: string, names: string[], validators: { [I in keyof T]: Validator<T[I]> }): (args: unknown) => T {
  return (args) => {
    if (!Array.isArray(args)) throw new InvalidArgumentError(`${operation}: the arguments must be a list`)
    if (args.length > validators.length) {
      throw new InvalidArgumentError(`${operation} takes ${validators.length} argument(s), got ${args.length}`)
    }
    return (validators as Validator<unknown>[]).map((validate, i) => validate(args[i], `${operation}: ${names[i] ?? `argument ${i + 1}`}`)) as T
  }
}
