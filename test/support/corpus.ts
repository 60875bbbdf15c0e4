// The real-capture corpus written by others (tcpdump's and Wireshark's samples, with tshark's
// figures in MANIFEST.md / manifest.json): ../shared/captures beside the repository, where CI puts it.
import { resolve } from 'node:path'

export const CORPUS_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'captures')


/** Test suites nobody here wrote (web-platform-tests' URL suite, llhttp's response suite), beside
 * the repository as ../shared/peer-suites. */
export const PEER_SUITES_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'peer-suites')
