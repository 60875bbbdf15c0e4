// The recorder's error codes (errors.ts and the recorder's modules raise them). Kept apart from
// errors.ts, which needs Node, so that the words for every code (shared/error-meanings.ts) can name them.
export type RecorderErrorCode =
  /** An option of recordPageLoad out of range (target, format, packets). */
  | 'RECORD_BAD_OPTION'
  /** A request method the recorder does not send (it sends RECORD_METHODS). */
  | 'RECORD_UNSUPPORTED_METHOD'
  /** A form or body given with a method that carries none (GET, HEAD, DELETE, OPTIONS, TRACE), or
   * the other kind than its method sends (POST sends a form, PUT a body). */
  | 'RECORD_BODY_NOT_ALLOWED'
  /** The user cancelled the load (the capture holds what happened until then). */
  | 'RECORD_CANCELLED'
  /** The capture or journal cannot be created: its folder is missing, not writable, read-only. */
  | 'RECORD_OUTPUT_UNWRITABLE'
  /** The disk (or the user's quota) is full: the recording stopped at the last whole packet. */
  | 'RECORD_DISK_FULL'
  /** Any other failed write (an I/O error): the recording stopped at the last whole packet. */
  | 'RECORD_WRITE_FAILED'
  /** The capture or journal was deleted or moved away while it was being written. */
  | 'RECORD_FILE_VANISHED'
  /** The lab target reached an address outside 127.0.0.0/8 (lab-target.ts): it never leaves the lab. */
  | 'RECORD_NOT_IN_LAB'
  /** Kernel capture (tcpdump) cannot run here: not installed, or not permitted (kernel-capture.ts). */
  | 'KERNEL_CAPTURE_UNAVAILABLE'
  /** Saving a capture in the other format (capture-file/convert.ts, journal-blocks.ts): the journal
   * goes inside a pcapng only, */
  | 'CAPTURE_NOT_PCAPNG'
  /** … the output is the input itself, */
  | 'CAPTURE_SAME_FILE'
  /** … the input mixes link types, which one file Wiretrail writes cannot hold. */
  | 'CAPTURE_MIXED_LINK_TYPES'
