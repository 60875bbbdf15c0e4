// The analyzer keeps its entities as rows of columns (typed arrays and interned texts: the DNS
// transactions, dns-store.ts; the HTTP exchanges, http-exchanges.ts; the steps, step-store.ts) and
// hands them to their readers as an EntityList (shared/lesson.ts): how many, one by its index, and
// iteration, each entity made from its row when it is read (a new object each time: change it
// through its store). `EntityRows` is that shape once: a store writes `row(i)` and gets `at` and
// iteration as a plain array of the same entities gives them, so a reader cannot tell a store from
// a walkthrough as sent.
import type { EntityList } from '../shared/lesson.ts'

/** The row `index` names in a list of `length`, as Array.prototype.at reads it (a fraction is
 * dropped, a negative index counts from the end), or −1 when there is none. */
export function rowIndex(index: number, length: number): number {
  const whole = Math.trunc(index) || 0
  const i = whole < 0 ? whole + length : whole
  return i >= 0 && i < length ? i : -1
}

/** Entities kept as rows, read as an EntityList; `row(i)` makes entity i (0 ≤ i < length). */
export abstract class EntityRows<T> implements EntityList<T> {
  abstract readonly length: number

  /** Entity i as its readers get it: a new object each call. */
  protected abstract row(i: number): T

  at(index: number): T | undefined {
    const i = rowIndex(index, this.length)
    return i < 0 ? undefined : this.row(i)
  }

  /** One field of entity i (0 ≤ i < length), as `row(i)` has it: a store whose readers read a few
   * fields of many entities gives those from its columns (the rest come from the whole row). */
  field<K extends keyof T>(i: number, key: K): T[K] {
    return this.row(i)[key]
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.row(i)
  }
}
