// Placeholder until its area lands: `wiretrail resolve` reports that it is not built yet.
import { WiretrailError } from '../shared/errors.ts'

export async function run(_args: string[]): Promise<number> {
  throw new WiretrailError('NOT_IMPLEMENTED', 'wiretrail resolve is not built yet')
}
