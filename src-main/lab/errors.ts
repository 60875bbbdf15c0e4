// Error codes of the lab area (see shared/errors.ts). Messages name the file and line, the address
// and port, or the option that is wrong.
import { WiretrailError } from '../shared/errors.ts'

export type LabErrorCode =
  /** A zone file line the parser cannot read (message: "file:line: what"). */
  | 'LAB_ZONE_SYNTAX'
  /** A zone that parses but cannot be served (no SOA at the apex, data outside the zone). */
  | 'LAB_ZONE_INVALID'
  /** topology.json is missing a field or names a zone that has no file. */
  | 'LAB_TOPOLOGY_INVALID'
  /** A startLab option out of range (address block, port). */
  | 'LAB_BAD_OPTION'
  /** A lab server could not listen (port in use, address not available, permission). */
  | 'LAB_LISTEN_FAILED'
  /** A default web port was taken by something else; the lab used a free port (reported, not thrown). */
  | 'LAB_PORT_TAKEN'
  /** An experiment name that is not in the table (src-main/lab/experiments/); the message lists them. */
  | 'LAB_UNKNOWN_EXPERIMENT'

export class LabError extends WiretrailError<LabErrorCode> {}
