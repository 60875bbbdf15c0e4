// Placeholder until its area lands: `wiretrail lab` reports that it is not built yet.
import { WiretrailError } from '../shared/errors.ts'

export async function run(_args: string[]): Promise<number> {
  throw new WiretrailError('NOT_IMPLEMENTED', 'wiretrail lab is not built yet')
}
