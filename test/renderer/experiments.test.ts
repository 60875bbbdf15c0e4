// The Experiments panel (issue 14 §1): every experiment of the lab's table with what it changes,
// what to look for, how it is undone and what it records, in English and in Korean (particles
// resolved for the names filled in); Start makes main change the lab; the bar under the address bar
// records the experiment's URL on the lab through the address bar's own path, counts the pause the
// experiment asks for before the next recording, and ends the experiment; a refused start shows its
// code. The lab changes themselves are tested in test/lab/experiments.test.ts and
// test/shell/services-experiments.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { EXPERIMENTS, EXPERIMENT_IDS } from '../../src-main/lab/experiments/index.ts'
import { hasUnresolvedParticle } from '../../src-main/shared/korean.ts'
import type { ApiError } from '../../src-main/shared/api.ts'
import App from '../../src-renderer/App.vue'
import { useExperimentsStore } from '../../src-renderer/stores/experiments.ts'
import { flush, mountWith, setupTest, type TestContext } from './helpers.ts'

describe('the Experiments panel', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  async function openPanel(language: 'en' | 'ko') {
    // The window takes its language from the user's preferences (app.info).
    const info = context.client.handlers['app.info']!
    context.client.handlers['app.info'] = async () => ({ ...(await info()), preferences: { language, theme: 'system' } })
    const wrapper = mountWith(App, context, { language })
    await flush()
    await wrapper.get('[data-action="experiments"]').trigger('click')
    await flush()
    return wrapper
  }

  it('lists every experiment with what it changes, what to look for, how it is undone and what it records (English)', async () => {
    const wrapper = await openPanel('en')
    const panel = wrapper.get('[data-testid="experiments"]')
    expect(panel.findAll('[data-experiment]').map((article) => article.attributes('data-experiment'))).toEqual(EXPERIMENT_IDS)
    const ttl = panel.get('[data-experiment="ttl"]')
    expect(ttl.get('h3').text()).toBe('A short TTL')
    expect(ttl.get('.changes').text()).toBe("www.lab.cyber.co.kr's A record is served with a TTL of 5 seconds (300 in the zone file).")
    expect(ttl.get('.look-for').text()).toContain('the second load is answered from the nearby DNS server\'s cache')
    expect(ttl.get('.look-for').text()).toContain("of lab.cyber.co.kr.'s server only")
    expect(ttl.get('.undo').text()).toBe('Undone when the experiment ends: the lab answers again as its zone files say.')
    expect(ttl.get('.records').text()).toBe('Records http://www.lab.cyber.co.kr/sample.htm, 3 time(s)')
    expect(panel.get('[data-experiment="mail-route"] .records').text()).toBe('Records dns:cyber.co.kr?type=MX, 1 time(s)')
    expect(panel.get('[data-experiment="lame"] .changes').text()).toContain('lab.cyber.co.kr. gets a second server, ns2.lab.cyber.co.kr., listed after ns1.lab.cyber.co.kr.')
    expect(panel.get('[data-experiment="lame"] .changes').text()).toContain('ns1.lab.cyber.co.kr. answers REFUSED to every question: it will not answer for the zone (a lame server)')
    for (const id of EXPERIMENT_IDS) expect(panel.get(`[data-experiment="${id}"] .look-for`).text()).toBe(EXPERIMENTS[id].lookFor.en)
  })

  it('shows the same in natural Korean: every particle after a name is the one its reading takes', async () => {
    const wrapper = await openPanel('ko')
    const panel = wrapper.get('[data-testid="experiments"]')
    expect(panel.get('h2').text()).toBe('실습 네트워크 실험')
    expect(panel.get('[data-experiment="ttl"] h3').text()).toBe('짧은 TTL')
    expect(panel.get('[data-experiment="ttl"] .records').text()).toBe('http://www.lab.cyber.co.kr/sample.htm을 3번 녹화합니다')
    // "X" is read 엑스: 를; "kr" ends in 알: 을, 이, and (으)로 → 로 after ㄹ.
    expect(panel.get('[data-experiment="mail-route"] .records').text()).toBe('dns:cyber.co.kr?type=MX를 1번 녹화합니다')
    expect(panel.get('[data-experiment="mail-route"] .changes').text()).toBe('실습 네트워크는 바뀌지 않습니다. cyber.co.kr에는 mail.cyber.co.kr을 가리키는 MX 레코드가 있습니다.')
    expect(panel.get('[data-experiment="mail-route"] .look-for').text()).toContain('mail.cyber.co.kr.(우선순위 10)을 알려 주고')
    expect(panel.get('[data-experiment="lame"] .changes').text()).toContain('두 번째 서버 ns2.lab.cyber.co.kr.을 ns1.lab.cyber.co.kr. 다음 순서로 추가하고')
    expect(panel.get('[data-experiment="lame"] .changes').text()).toContain('ns1.lab.cyber.co.kr.은 모든 질문에 REFUSED로 답합니다')
    expect(panel.get('[data-experiment="lame"] .look-for').text()).toContain('cyber.co.kr.은 가까운 DNS 서버에게 lab.cyber.co.kr.의 서버 두 대를 ns1, ns2 순서로 소개합니다')
    expect(panel.get('[data-experiment="lame"] .look-for').text()).toContain('ns1은 REFUSED로 답합니다. 이 존에 대해서는 답하지 않겠다는 뜻이며')
    expect(panel.get('[data-experiment="silent-root"] .changes').text()).toContain('a.root-servers.lab.가 아무 답도 보내지 않습니다(b.root-servers.lab.는 그대로 답합니다)')
    expect(panel.get('[data-experiment="ttl"] .undo').text()).toBe('실험이 끝나면 되돌립니다. 실습 네트워크는 다시 존 파일에 적힌 대로 답합니다.')
    expect(panel.get('[data-experiment="ttl"] .start').text()).toBe('시작')
    expect(hasUnresolvedParticle(panel.text())).toBe(false)
    for (const id of EXPERIMENT_IDS) {
      expect(panel.get(`[data-experiment="${id}"] .look-for`).text()).toMatch(/[가-힣]/)
      expect(panel.get(`[data-experiment="${id}"] .look-for`).text()).not.toBe(EXPERIMENTS[id].lookFor.en)
    }
  })

  it('Start changes the lab; the bar records the experiment\'s URL on the lab, waits the pause it asks for, and ends it', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })
    const wrapper = await openPanel('en')
    await wrapper.get('[data-experiment="ttl"] [data-action="start-experiment"]').trigger('click')
    await flush()
    expect(context.client.callsOf('experiments.start')).toEqual([['ttl']])
    // The panel closes; the bar keeps what to look for in view.
    expect(wrapper.find('[data-testid="experiments"]').exists()).toBe(false)
    const bar = wrapper.get('[data-testid="experiment-bar"]')
    expect(bar.get('.title').text()).toBe('Experiment in force: A short TTL')
    expect(bar.get('.changes').text()).toBe(EXPERIMENTS.ttl.changes.en)
    expect(bar.get('.look-for').text()).toBe(`What to look for: ${EXPERIMENTS.ttl.lookFor.en}`)
    const record = () => wrapper.get('[data-action="record-experiment"]')
    expect(record().text()).toBe('Record 1 of 3')

    // The address bar pointed elsewhere (the internet, another page): the experiment records its own URL on the lab.
    await wrapper.get('select[name="target"]').setValue('internet')
    await wrapper.get('input[name="url"]').setValue('http://example.com/')
    await record().trigger('click')
    await flush()
    expect(context.client.callsOf('capture.record')).toEqual([[{ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'nearby', format: 'pcapng' }]])
    expect(record().text()).toBe('Record 2 of 3')

    // The second at once (pause 0); the recording before it is unsaved, so the app asks first, as for any recording.
    await record().trigger('click')
    await flush()
    await wrapper.get('[data-testid="confirm-discard"] [data-answer="discard"]').trigger('click')
    await flush()
    expect(context.client.callsOf('capture.record')).toHaveLength(2)
    // Then 6 s before the third: counted down, Record disabled meanwhile.
    expect(record().text()).toBe('Wait 6 s before recording again')
    expect(record().attributes('disabled')).toBeDefined()
    vi.advanceTimersByTime(2100)
    await flush()
    expect(record().text()).toBe('Wait 4 s before recording again')
    vi.advanceTimersByTime(4000)
    await flush()
    expect(record().text()).toBe('Record 3 of 3')
    expect(record().attributes('disabled')).toBeUndefined()

    await wrapper.get('[data-action="end-experiment"]').trigger('click')
    await flush()
    expect(context.client.callsOf('experiments.end')).toEqual([[]])
    expect(wrapper.find('[data-testid="experiment-bar"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="experiment-ended"]').text()).toContain('A short TTL is over: the lab network answers as its zone files say again.')
  })

  it('in Korean the bar and the end say so with the right particles', async () => {
    const wrapper = await openPanel('ko')
    await wrapper.get('[data-experiment="lame"] [data-action="start-experiment"]').trigger('click')
    await flush()
    const bar = wrapper.get('[data-testid="experiment-bar"]')
    expect(bar.get('.title').text()).toBe('진행 중인 실험: 망가진 위임(레임 서버)')
    expect(wrapper.get('[data-action="record-experiment"]').text()).toBe('녹화 1/1')
    expect(wrapper.get('[data-action="end-experiment"]').text()).toBe('실험 끝내기')
    await wrapper.get('[data-action="end-experiment"]').trigger('click')
    await flush()
    expect(wrapper.get('[data-testid="experiment-ended"]').text()).toContain('망가진 위임(레임 서버)을 끝냈습니다. 실습 네트워크는 다시 존 파일에 적힌 대로 답합니다.')
  })

  it('methods: the panel lists its seven requests; each Record of the bar sends the next one (method, form, body) on the lab, in English and Korean', async () => {
    const wrapper = await openPanel('en')
    const entry = wrapper.get('[data-testid="experiments"] [data-experiment="methods"]')
    expect(entry.get('h3').text()).toBe('Other methods')
    expect(entry.get('.changes').text()).toBe("The lab's web servers also take PUT and DELETE: a file put is kept in memory over the site's files (at most 16 files of 64 KiB); the files on disk never change.")
    expect(entry.get('.look-for').text()).toContain('PUT /memo.txt (201 Created: the server made a new file at that URI)')
    expect(entry.get('.undo').text()).toBe('Undone when the experiment ends: every file put or deleted is forgotten, PUT and DELETE are refused again (405), and the lab serves its own files.')
    expect(entry.get('.records').text()).toBe('Records 7 requests, one per recording, in this order:')
    expect(entry.findAll('.requests li').map((li) => li.text())).toEqual([
      'POST http://www.lab.cyber.co.kr/cgi-bin/echo POST the form to /cgi-bin/echo',
      'PUT http://www.lab.cyber.co.kr/memo.txt PUT a new file /memo.txt',
      'GET http://www.lab.cyber.co.kr/memo.txt GET /memo.txt, the file just put',
      'DELETE http://www.lab.cyber.co.kr/memo.txt DELETE /memo.txt',
      'GET http://www.lab.cyber.co.kr/memo.txt GET /memo.txt again, after the DELETE',
      'OPTIONS http://www.lab.cyber.co.kr/sample.htm OPTIONS /sample.htm: which methods it allows',
      'TRACE http://www.lab.cyber.co.kr/sample.htm TRACE /sample.htm: the request sent back',
    ])
    await entry.get('[data-action="start-experiment"]').trigger('click')
    await flush()
    const record = () => wrapper.get('[data-action="record-experiment"]')
    expect(record().text()).toBe('Record 1 of 7: POST /cgi-bin/echo')
    expect(wrapper.get('[data-testid="experiment-next-request"]').text()).toBe('Next: POST the form to /cgi-bin/echo')
    await record().trigger('click')
    await flush()
    const common = { target: 'lab', resolverMode: 'nearby', format: 'pcapng' }
    expect(context.client.callsOf('capture.record')).toEqual([[{ url: 'http://www.lab.cyber.co.kr/cgi-bin/echo', ...common, method: 'POST', form: [['name', '홍길동'], ['message', 'hello, lab & friends']] }]])
    expect(record().text()).toBe('Record 2 of 7: PUT /memo.txt')
    const sent: unknown[] = []
    for (const label of ['Record 3 of 7: GET /memo.txt', 'Record 4 of 7: DELETE /memo.txt', 'Record 5 of 7: GET /memo.txt', 'Record 6 of 7: OPTIONS /sample.htm', 'Record 7 of 7: TRACE /sample.htm', 'Record 1 of 7: POST /cgi-bin/echo']) {
      await record().trigger('click')
      await flush()
      await wrapper.get('[data-testid="confirm-discard"] [data-answer="discard"]').trigger('click')
      await flush()
      sent.push(context.client.callsOf('capture.record').at(-1)![0])
      expect(record().text()).toBe(label)
    }
    expect(sent).toEqual([
      { url: 'http://www.lab.cyber.co.kr/memo.txt', ...common, method: 'PUT', body: EXPERIMENTS.methods.record.requests![1]!.body },
      { url: 'http://www.lab.cyber.co.kr/memo.txt', ...common },
      { url: 'http://www.lab.cyber.co.kr/memo.txt', ...common, method: 'DELETE' },
      { url: 'http://www.lab.cyber.co.kr/memo.txt', ...common },
      { url: 'http://www.lab.cyber.co.kr/sample.htm', ...common, method: 'OPTIONS' },
      { url: 'http://www.lab.cyber.co.kr/sample.htm', ...common, method: 'TRACE' },
    ])
    wrapper.unmount()

    const korean = await openPanel('ko')
    const ko = korean.get('[data-testid="experiments"] [data-experiment="methods"]')
    expect(ko.get('h3').text()).toBe('다른 메소드')
    expect(ko.get('.changes').text()).toBe('실습 네트워크의 웹 서버가 PUT과 DELETE도 받습니다. PUT으로 올린 파일은 사이트의 파일 위에 메모리로만 보관하고(최대 16개, 각 64KiB) 디스크의 파일은 바뀌지 않습니다.')
    expect(ko.get('.look-for').text()).toContain('/memo.txt를 PUT(201 Created: 서버가 그 URI에 새 파일을 만듦)')
    expect(ko.get('.records').text()).toBe('리퀘스트 7개를 이 순서로 녹화마다 하나씩 보냅니다:')
    expect(ko.findAll('.requests li').map((li) => li.text())[1]).toBe('PUT http://www.lab.cyber.co.kr/memo.txt 새 파일 /memo.txt를 PUT')
    expect(ko.findAll('.requests li').map((li) => li.text())[4]).toBe('GET http://www.lab.cyber.co.kr/memo.txt DELETE한 뒤 /memo.txt를 다시 GET')
    expect(hasUnresolvedParticle(ko.text())).toBe(false)
    await korean.get('[data-testid="experiments"] .close').trigger('click')
    await flush()
    // The experiment is still in force (main says so): the bar picks up at the request the count has reached.
    expect(korean.get('[data-action="record-experiment"]').text()).toBe('녹화 1/7: POST /cgi-bin/echo')
    expect(korean.get('[data-testid="experiment-next-request"]').text()).toBe('다음: /cgi-bin/echo에 폼을 POST')
  })

  it('a start main refuses shows its code and message in the panel, and nothing is in force', async () => {
    context.client.handlers['experiments.start'] = async () => {
      throw { name: 'WiretrailError', code: 'LAB_LISTEN_FAILED', message: 'the lab could not listen on 127.53.0.1:10053: address in use' } satisfies ApiError
    }
    const wrapper = await openPanel('en')
    await wrapper.get('[data-experiment="slow-root"] [data-action="start-experiment"]').trigger('click')
    await flush()
    const error = wrapper.get('[data-testid="experiments-error"]')
    expect(error.attributes('data-code')).toBe('LAB_LISTEN_FAILED')
    expect(error.text()).toBe('LAB_LISTEN_FAILED A lab server could not start: its port is in use, its address does not exist on this computer, or it is not permitted. the lab could not listen on 127.53.0.1:10053: address in use')
    expect(useExperimentsStore().active).toBeNull()
    expect(wrapper.find('[data-testid="experiment-bar"]').exists()).toBe(false)
  })

  it('from the second recording on, the bar shows the first against the latest, step against step, in both languages', async () => {
    // What main computes from two real recordings (test/shell/services-experiments.test.ts checks
    // that against the walkthroughs); here, what the bar makes of it.
    const CHAIN = ['.', 'kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.']
    context.client.experimentComparison = {
      first: { fileName: 'cold.pcapng', url: 'http://www.lab.cyber.co.kr:8080/sample.htm', durationMs: 37.234, lookups: [], connections: [] },
      second: { fileName: 'warm.pcapng', url: 'http://www.lab.cyber.co.kr:8080/sample.htm', durationMs: 21.5, lookups: [], connections: [] },
      lookups: [
        {
          qname: 'www.lab.cyber.co.kr.',
          qtype: 'A',
          first: { qname: 'www.lab.cyber.co.kr.', qtype: 'A', answer: 'walk', zones: CHAIN, ms: 12.345 },
          second: { qname: 'www.lab.cyber.co.kr.', qtype: 'A', answer: 'cache-nearby', zones: [], ms: 0.7 },
          disappeared: CHAIN,
          savedMs: 11.645,
        },
      ],
      connections: [{ server: '127.53.4.80:8080', first: { server: '127.53.4.80:8080', handshake: true, handshakeMs: 0.4 }, second: { server: '127.53.4.80:8080', handshake: true, handshakeMs: 0.5 } }],
      disappeared: { zones: CHAIN, handshakes: 0 },
      savedMs: { dns: 11.645, total: 15.734 },
    }
    const wrapper = await openPanel('en')
    await wrapper.get('[data-experiment="cold-warm"] [data-action="start-experiment"]').trigger('click')
    await flush()
    await wrapper.get('[data-action="record-experiment"]').trigger('click')
    await flush()
    // One recording: nothing to compare yet.
    expect(wrapper.find('[data-testid="experiment-comparison"]').exists()).toBe(false)
    await wrapper.get('[data-action="record-experiment"]').trigger('click')
    await flush()
    await wrapper.get('[data-testid="confirm-discard"] [data-answer="discard"]').trigger('click')
    await flush()
    const table = wrapper.get('[data-testid="experiment-comparison"]')
    expect(table.get('summary').text()).toBe('Recording 1 against recording 2, step against step')
    expect(table.findAll('thead th').map((th) => th.text())).toEqual(['', 'Recording 1', 'Recording 2', 'Saved'])
    const cells = (selector: string) => table.get(selector).findAll('th, td').map((cell) => cell.text())
    expect(cells('[data-row="lookup"]')).toEqual(['Lookup www.lab.cyber.co.kr. A', 'asked . → kr. → co.kr. → cyber.co.kr. → lab.cyber.co.kr. · 12.3 ms', "the nearby DNS server's cache · 0.7 ms", '11.6 ms'])
    expect(cells('[data-row="connection"]')).toEqual(['Connection to 127.53.4.80:8080', 'TCP handshake · 0.4 ms', 'TCP handshake · 0.5 ms', ''])
    expect(cells('[data-row="total"]')).toEqual(['The whole load', '37.2 ms', '21.5 ms', '15.7 ms'])
    expect(table.get('[data-testid="comparison-gone"]').text()).toBe(
      'Gone in the later recording: the referral chain (. → kr. → co.kr. → cyber.co.kr. → lab.cyber.co.kr.). Every connection still made its TCP handshake: a new page load opens new connections.',
    )
    expect(table.get('[data-testid="comparison-saved"]').text()).toBe('Time saved: 11.6 ms of DNS, 15.7 ms for the whole load.')
    wrapper.unmount()

    // The same in Korean (a fresh window on the same lab: the bar asks main what is in force).
    context.client.experimentComparison = { ...context.client.experimentComparison, savedMs: { dns: 11.645, total: -2.25 } }
    const korean = await openPanel('ko')
    await korean.get('[data-testid="experiments"] .close').trigger('click')
    await flush()
    const ko = korean.get('[data-testid="experiment-comparison"]')
    expect(ko.get('summary').text()).toBe('녹화 1과 녹화 2를 단계별로 비교')
    expect(ko.get('[data-row="lookup"]').findAll('th, td').map((cell) => cell.text())).toEqual([
      'www.lab.cyber.co.kr. A 조회',
      '. → kr. → co.kr. → cyber.co.kr. → lab.cyber.co.kr. 순서로 물음 · 12.3ms',
      '가까운 DNS 서버의 캐시 · 0.7ms',
      '11.6ms',
    ])
    expect(ko.get('[data-testid="comparison-gone"]').text()).toContain('나중 녹화에서 사라진 것: 위임 과정(. → kr. → co.kr. → cyber.co.kr. → lab.cyber.co.kr.).')
    // A later recording that took longer says so instead of a negative saving.
    expect(ko.get('[data-testid="comparison-saved"]').text()).toBe('줄어든 시간: DNS 11.6ms, 전체 로딩 없음(2.3ms 더 걸림).')
    expect(hasUnresolvedParticle(ko.text())).toBe(false)
  })

  it('a lab already under an experiment (the window reloaded) shows its bar at once', async () => {
    context.client.activeExperiment = 'does-not-exist'
    const wrapper = mountWith(App, context)
    await flush()
    expect(wrapper.get('[data-testid="experiment-bar"]').attributes('data-experiment')).toBe('does-not-exist')
    expect(wrapper.get('[data-action="record-experiment"]').text()).toBe('Record 1 of 2')
  })
})
