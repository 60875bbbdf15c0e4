// Argument parsing shared by the commands: node:util's parseArgs (strict), with usage errors that
// name the bad option and a --help that prints the command's own usage text.
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { errorLine } from '../shared/error-meanings.ts'
import { WiretrailError } from '../shared/errors.ts'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export class UsageError extends WiretrailError<'USAGE'> {
  constructor(message: string) {
    super('USAGE', message)
  }
}

export interface ParsedCommand<O extends OptionSpec> {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values']
  positionals: string[]
}

/**
 * Parses `args` against `options`. Returns null after printing `usage` when --help was given.
 * Throws UsageError (exit status 2 via `runCommand`) for unknown options or missing values.
 */
export function parseCommandArgs<O extends OptionSpec>(args: string[], options: O, usage: string): ParsedCommand<O> | null {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(usage.endsWith('\n') ? usage : `${usage}\n`)
    return null
  }
  try {
    const parsed = parseArgs({ args, options, allowPositionals: true, strict: true })
    return { values: parsed.values, positionals: parsed.positionals }
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${usage}`)
  }
}

/** The capture files named on the command line, as absolute paths; each must be an existing file
 * (checked before the command starts anything, so a typo never opens a window or a server). */
export function existingFiles(paths: string[], usage: string): string[] {
  return paths.map((path) => {
    const absolute = resolve(process.cwd(), path)
    let isFile: boolean
    try {
      isFile = statSync(absolute).isFile()
    } catch {
      throw new UsageError(`${path}: no such file\n\n${usage}`)
    }
    if (!isFile) throw new UsageError(`${path} is not a file (a folder?)\n\n${usage}`)
    return absolute
  })
}

/** The language a command's output was asked in (`--lang ko`, `--lang=ko`; inspect and record take
 * it): its error messages are said in it too. */
export function outputLanguage(args: readonly string[]): 'en' | 'ko' {
  const at = args.indexOf('--lang')
  const given = at >= 0 ? args[at + 1] : args.find((arg) => arg.startsWith('--lang='))?.slice('--lang='.length)
  return given === 'ko' ? 'ko' : 'en'
}

/** A failure as the CLI prints it in `lang`: in Korean, what its code means first
 * (shared/error-meanings.ts), then the engine's message with its specifics; in English the
 * engine's message, as it always was (it already says what is wrong, in English). */
export function failureText(error: { code: string; message: string; details?: Record<string, unknown> | undefined }, lang: 'en' | 'ko'): string {
  return lang === 'en' ? error.message : errorLine(error, lang)
}

/**
 * Runs a command body with the CLI's error conventions: usage errors exit 2, any other failure
 * prints "wiretrail <command>: <message> [<CODE>]" and exits 1 (under --lang ko the message starts
 * with what the code means, in Korean); with --json the error is printed as
 * `{"error": {code, message}}` on stdout too, so scripts get something to parse.
 */
export async function runCommand(name: string, json: boolean, body: () => Promise<number>, lang: 'en' | 'ko' = 'en'): Promise<number> {
  try {
    return await body()
  } catch (error) {
    const isUsage = error instanceof UsageError
    const code = error instanceof WiretrailError ? error.code : 'INTERNAL'
    const message = error instanceof Error ? error.message : String(error)
    const details = error instanceof WiretrailError ? error.details : undefined
    if (json && !isUsage) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`)
    process.stderr.write(`wiretrail ${name}: ${failureText({ code, message, details }, lang)}${isUsage ? '' : ` [${code}]`}\n`)
    return isUsage ? 2 : 1
  }
}
