// The packet pane's "Problems found": each problem the dissectors found in the frame, in the UI's
// language, written from the problem's code and parameters (shared/decode-issues.ts). The detail
// is the analyzer's own for a real capture of the corpus, as the engine hands it to the window.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import type { PacketDetail } from '../../src-main/shared/walkthrough.ts'
import WtPacketDetail from '../../src-renderer/components/WtPacketDetail.vue'
import { useSelectionStore } from '../../src-renderer/stores/selection.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { labWalkthrough } from './fixtures/lab-walkthrough.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

/** Frame 1 of malformed-tcp-syn-options-truncated-smtp.pcap: a SYN whose options the snap length
 * cut (68 of 74 bytes captured), one of them of the wrong length. */
async function realDetail(): Promise<PacketDetail> {
  const { reader } = await runAnalysis(join(CORPUS_DIR, 'malformed-tcp-syn-options-truncated-smtp.pcap'))
  try {
    return await reader.detail(1)
  } finally {
    await reader.close()
  }
}

describe('the problems found in a packet', () => {
  let context: TestContext
  beforeEach(async () => {
    context = setupTest()
    const detail = await realDetail()
    context.client.handlers['capture.packet'] = async () => detail
    await openWalkthrough(context, labWalkthrough)
    useSelectionStore().selectFrame(1, 'list')
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  const problems = async (language: 'en' | 'ko') => {
    const wrapper = mountWith(WtPacketDetail, context, { language })
    await flush()
    return wrapper.findAll('.issues li').map((li) => li.text())
  }

  it('are said in Korean under the Korean UI', async () => {
    expect(await problems('ko')).toEqual([
      'Frame: 전송된 프레임은 74바이트인데 68바이트만 캡처되었습니다. 캡처할 때 패킷마다 저장할 길이(스냅 길이)를 제한해서 잘린 것이므로 보낸 쪽의 잘못은 아닙니다. (바이트 68 위치)',
      'IPv4: IPv4 전체 길이는 60바이트인데 캡처에는 54바이트만 남았습니다. 캡처할 때 패킷마다 저장할 길이(스냅 길이)를 제한해서 잘린 것이므로 보낸 쪽의 잘못은 아닙니다. (바이트 16–17 (2바이트))',
      'TCP: TCP 헤더 길이는 40바이트인데 캡처된 바이트는 34바이트뿐입니다. 캡처할 때 패킷마다 저장할 길이(스냅 길이)를 제한해서 잘린 것이므로 보낸 쪽의 잘못은 아닙니다. (바이트 46)',
      'TCP: TCP 옵션 Timestamps의 길이가 8바이트입니다. 이 옵션은 RFC가 정한 대로 10바이트여야 합니다. (바이트 61)',
    ])
  })

  it('are said in English, as the dissectors wrote them, under the English UI', async () => {
    expect(await problems('en')).toEqual([
      'Frame: frame cut by the snap length: 68 of 74 bytes captured (at byte 68)',
      'IPv4: IPv4 total length 60: the capture kept only 54 bytes (snap length) (bytes 16–17 (2 bytes))',
      'TCP: TCP header length 40 runs past the 34 captured bytes (snap length) (byte 46)',
      'TCP: TCP option Timestamps has length 8, must be 10 (byte 61)',
    ])
  })
})

describe('a problem in the file\'s bytes, not the frame\'s (a pcap record header)', () => {
  let context: TestContext
  beforeEach(async () => {
    context = setupTest()
    // Frame 2 of tcpdump's timestamp_invalid_micro.pcap: its record says 1 000 000 µs.
    const { reader } = await runAnalysis(join(CORPUS_DIR, 'more/malformed-timestamp-invalid-usec.pcap'))
    const detail = await reader.detail(2).finally(() => reader.close())
    context.client.handlers['capture.packet'] = async () => detail
    await openWalkthrough(context, labWalkthrough)
    useSelectionStore().selectFrame(1, 'list')
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('is said with the file\'s byte place, and offers no highlight in the frame\'s bytes', async () => {
    for (const [language, line] of [
      ['en', "Frame: pcap record 2's header (file bytes 116–131): its time stamp's fraction of a second (file bytes 120–123) is 1000000 µs, but it must be below 1000000 µs (one second); the time shown carries 1 s of it into the seconds. The program that wrote the file is at fault, not the packet (in the file, not the frame: bytes 120–123 (4 bytes))"],
      ['ko', 'Frame: pcap 레코드 2의 헤더(파일의 바이트 116–131)에서 타임스탬프의 1초 미만 부분을 나타내는 필드(파일의 바이트 120–123)가 1000000µs입니다. 1초가 1000000µs이므로 이 필드는 1000000보다 작아야 합니다. 보여 주는 시각은 넘친 1초를 초 필드에 더해서 계산했습니다. 패킷이 아니라 이 파일을 쓴 프로그램의 잘못입니다. (프레임이 아니라 파일의 바이트 120–123 (4바이트))'],
    ] as const) {
      const wrapper = mountWith(WtPacketDetail, context, { language })
      await flush()
      const item = wrapper.findAll('.issues li')[0]!
      expect(item.text()).toBe(line)
      expect(item.find('button').exists()).toBe(false)
      expect(item.find('[data-testid="issue-in-file"]').exists()).toBe(true)
      wrapper.unmount()
    }
  })
})
