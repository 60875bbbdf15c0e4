// The DNS pane on a real zone transfer (../shared/captures/dns-axfr-over-tcp.pcapng, analysed here
// by the analyzer as the app does): the response's AA flag is clear (a Windows DNS server), and the
// pane must not say that the answer came from a referral or a cache — a zone transfer is sent only
// by a server holding the zone, which the chain names.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import WtDnsMessage from '../../src-renderer/components/WtDnsMessage.vue'
import { usePlayerStore } from '../../src-renderer/stores/player.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { withAllWords } from '../support/lesson.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

async function axfrWalkthrough(): Promise<Walkthrough> {
  const { walkthrough, reader } = await runAnalysis(join(CORPUS_DIR, 'dns-axfr-over-tcp.pcapng'))
  await reader.close()
  return withAllWords(walkthrough)
}

describe('the DNS pane on a zone transfer', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  for (const [language, aa, chain] of [
    ['en', '0 — clear, yet a zone transfer comes only from a server holding the zone: this server does not set the flag on one', 'contoso.local. zone server 172.16.16.139 → answer'],
    ['ko', '0 — 설정 안 됨. 그래도 존 전송은 그 존을 가진 서버만 보낼 수 있다: 이 서버는 존 전송 응답에 이 플래그를 켜지 않는다', 'contoso.local. 도메인의 DNS 서버 172.16.16.139 → 회답'],
  ] as const) {
    it(`says what AA=0 means there, and names the server as the zone's (${language})`, async () => {
      const walkthrough = await axfrWalkthrough()
      await openWalkthrough(context, walkthrough)
      const answer = walkthrough.steps.findIndex((s) => s.kind === 'dns-answer')
      expect(walkthrough.steps[answer]!.frames).toEqual([7])
      usePlayerStore().go(answer)
      const wrapper = mountWith(WtDnsMessage, context, { language })
      await flush()
      expect(wrapper.get('[data-testid="dns-question"] [data-field="type"]').text()).toBe('AXFR')
      const flag = wrapper.get('[data-testid="dns-aa"]')
      expect(flag.attributes('data-aa')).toBe('false')
      expect(flag.text()).toBe(aa)
      expect(wrapper.get('.chain li.current').element.textContent!.trim().replace(/\s+/g, ' ')).toBe(chain)
    })
  }
})
