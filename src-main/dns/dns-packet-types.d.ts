// Typings for dns-packet's type table, which @types/dns-packet does not declare.
declare module 'dns-packet/types.js' {
  const types: {
    /** 1 → "A", 65 → "UNKNOWN_65" */
    toString(type: number): string
    /** "A" → 1, "UNKNOWN_65" → 65 */
    toType(name: string): number
  }
  export default types
}
