// Entities kept as columns (typed arrays and interned texts) are read by the walkthrough's users as
// arrays of objects — the steps, the questions, the lesson's windows, the text and HTML exports,
// `inspect --json`, the display filters' fields. `rowArray` gives them that array without keeping
// an object per entity: a read-only array whose element i is made from the columns when it is read
// (a fresh object each time), so a capture with a hundred thousand exchanges keeps a few typed
// arrays instead of a hundred thousand objects for the collector to mark. Everything an array
// offers for reading works on it (length, indexing, for…of, forEach/map/slice/findIndex, JSON,
// Object.keys, equality in tests); writing to it throws. Hand-written: no library makes a Proxy an
// array view over columns.

/** A read-only array of `length()` elements, element i made by `row(i)` when it is read. */
export function rowArray<T>(length: () => number, row: (i: number) => T): T[] {
  const index = (key: string | symbol): number => {
    if (typeof key !== 'string') return -1
    const i = Number(key)
    return Number.isInteger(i) && i >= 0 && i < length() && String(i) === key ? i : -1
  }
  const refuse = (): never => {
    throw new TypeError('this walkthrough array is read-only (its rows are made from the analyzer’s columns)')
  }
  return new Proxy([] as T[], {
    get(target, key, receiver) {
      if (key === 'length') return length()
      const i = index(key)
      if (i >= 0) return row(i)
      return Reflect.get(target, key, receiver)
    },
    has(target, key) {
      return index(key) >= 0 || Reflect.has(target, key)
    },
    ownKeys(target) {
      const keys: (string | symbol)[] = []
      for (let i = 0, n = length(); i < n; i++) keys.push(String(i))
      return [...keys, ...Reflect.ownKeys(target)]
    },
    getOwnPropertyDescriptor(target, key) {
      if (key === 'length') return { value: length(), writable: true, enumerable: false, configurable: false }
      const i = index(key)
      if (i >= 0) return { value: row(i), writable: false, enumerable: true, configurable: true }
      return Reflect.getOwnPropertyDescriptor(target, key)
    },
    set: refuse,
    defineProperty: refuse,
    deleteProperty: refuse,
  })
}
