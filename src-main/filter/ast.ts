// The display filter's tree: RawExpr is what the generated parser builds (grammar.peggy), every
// token with its character range [start, end) in the filter text; parse.ts checks it against the
// fields and gives a FilterExpr whose operands know their types, ready for compile.ts.
import type { FieldType } from './fields.ts'

export interface TextRange {
  start: number
  end: number
}

export type CompareOp = 'eq' | 'ne' | 'all_eq' | 'any_ne' | 'gt' | 'ge' | 'lt' | 'le'

export type SliceRange = { start: number; length?: number; end?: number }

export type RawOperand =
  | { kind: 'word'; text: string; at: TextRange }
  | { kind: 'string'; value: string; at: TextRange }
  | { kind: 'call'; name: string; args: RawOperand[]; at: TextRange }
  | { kind: 'slice'; operand: RawOperand; ranges: SliceRange[]; at: TextRange }

export type RawSetItem = { kind: 'value'; value: RawOperand } | { kind: 'range'; from: RawOperand; to: RawOperand }

export type RawExpr =
  | { kind: 'or' | 'and' | 'xor'; left: RawExpr; right: RawExpr }
  | { kind: 'not'; expr: RawExpr }
  | { kind: 'test'; operand: RawOperand; at: TextRange }
  | { kind: 'compare'; op: CompareOp; left: RawOperand; right: RawOperand; at: TextRange }
  | { kind: 'in'; left: RawOperand; set: RawSetItem[]; negated: boolean; at: TextRange }
  | { kind: 'contains'; left: RawOperand; right: RawOperand; at: TextRange }
  | { kind: 'matches'; left: RawOperand; right: RawOperand; at: TextRange }

/** A value as the evaluator holds it: numbers (integers, booleans as 0/1, times in seconds, IPv4
 * addresses as 32-bit numbers), text, or bytes (IPv6 and Ethernet addresses, byte strings). */
export type Scalar = number | string | Uint8Array

/** A literal checked against the type it is compared with. */
export type Literal =
  | { kind: 'scalar'; type: FieldType; value: Scalar; at: TextRange }
  /** An IPv4/IPv6 network (ip.addr == 127.53.0.0/16): the address bytes and the prefix length. */
  | { kind: 'network'; type: 'ipv4' | 'ipv6'; bytes: Uint8Array; prefix: number; at: TextRange }

/** A checked operand: a field (its values in the frame), a function of operands, a slice, or a literal. */
export type Operand =
  | { kind: 'field'; key: string; type: FieldType; at: TextRange }
  | { kind: 'call'; name: 'len' | 'count' | 'lower' | 'upper' | 'string'; args: Operand[]; type: FieldType; at: TextRange }
  | { kind: 'slice'; operand: Operand; ranges: SliceRange[]; type: 'bytes'; at: TextRange }
  | Literal

export type SetItem = { kind: 'value'; value: Operand } | { kind: 'range'; from: Literal; to: Literal }

export type FilterExpr =
  | { kind: 'or' | 'and' | 'xor'; left: FilterExpr; right: FilterExpr }
  | { kind: 'not'; expr: FilterExpr }
  | { kind: 'test'; operand: Operand }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { kind: 'in'; left: Operand; set: SetItem[]; negated: boolean }
  | { kind: 'contains'; left: Operand; right: Operand }
  | { kind: 'matches'; left: Operand; pattern: string; at: TextRange }
