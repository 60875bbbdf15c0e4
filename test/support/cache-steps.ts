// A walkthrough must not say a name was answered from this computer's cache before that name was
// ever answered: the check the internet target's tests run over every recording's steps.
/** Steps that say a name's answer came from this computer's cache before any step showed that
 * name answered (by a server, or as an alias): each a contradiction. */
export function cacheAnswersBeforeFirstAnswer(steps: { kind: string; title: { en: string } }[]): string[] {
  const answered = new Set<string>()
  const wrong: string[] = []
  for (const s of steps) {
    const answer = /^\S+ (?:\([^)]*\) )?answers (?:this computer |the .+? )?(\S+): /.exec(s.title.en) ?? /^(\S+) is an alias of /.exec(s.title.en) ?? /^(\S+) does not exist/.exec(s.title.en) ?? /^(\S+) has no \S+ record/.exec(s.title.en)
    if (answer && s.kind !== 'dns-cache-hit') answered.add(answer[1]!)
    const cached = /^(\S+) \S+ is answered from this computer's cache$/.exec(s.title.en)
    if (s.kind === 'dns-cache-hit' && cached && !answered.has(cached[1]!)) wrong.push(s.title.en)
  }
  return wrong
}
