import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import WtDnsMessage from '../../src-renderer/components/WtDnsMessage.vue'
import WtHttpMessage from '../../src-renderer/components/WtHttpMessage.vue'
import WtIpAnatomy from '../../src-renderer/components/WtIpAnatomy.vue'
import WtSocketPane from '../../src-renderer/components/WtSocketPane.vue'
import { earliest, thisComputer } from '../../src-main/shared/this-computer.ts'
import { usePlayerStore } from '../../src-renderer/stores/player.ts'
import { labWalkthrough, tcpdumpWalkthrough } from './fixtures/lab-walkthrough.ts'
import { dnsQueryDetail } from './fixtures/packet-detail.ts'
import { HTML_BODY, httpResponseDetail } from './fixtures/http-detail.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

describe('detail panes', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
    context.client.handlers['capture.packet'] = async (_id, frame) => (frame === 16 ? httpResponseDetail(16) : dnsQueryDetail(frame))
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('HTTP: request line, header fields, blank line; status line and class; body as text, never rendered', async () => {
    await openWalkthrough(context, labWalkthrough)
    usePlayerStore().go(11) // 200 OK for /sample.htm
    const wrapper = mountWith(WtHttpMessage, context)
    await flush()
    const request = wrapper.get('[data-message="request"]')
    const kinds = request.findAll('[data-line]').map((line) => line.attributes('data-line'))
    expect(kinds).toEqual(['request-line', 'header', 'header', 'header', 'header', 'blank'])
    // The line reads exactly as sent, spaces included.
    expect(request.get('[data-line="request-line"] code').element.textContent).toBe('GET /sample.htm HTTP/1.1')
    expect(request.get('.method').text()).toBe('GET')
    expect(request.get('.uri').text()).toBe('/sample.htm')
    expect(request.get('.version').text()).toBe('HTTP/1.1')
    // Every line shows its CRLF ending, in characters every font has.
    expect(request.findAll('.eol').map((eol) => eol.text())).toEqual(Array(6).fill('\\r\\n'))
    const response = wrapper.get('[data-message="response"]')
    expect(response.get('[data-line="status-line"] code').element.textContent).toBe('HTTP/1.1 200 OK')
    expect(response.get('[data-line="status-line"] .status').text()).toBe('200')
    expect(response.get('[data-line="status-line"] .reason').text()).toBe('OK')
    expect(wrapper.get('[data-testid="status-class"]').text()).toBe('2xx: success')
    const body = wrapper.get('[data-body="text"]')
    expect(body.text()).toBe(HTML_BODY)
    // Shown as text: the captured markup created no elements.
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.find('script').exists()).toBe(false)
    expect(wrapper.find('title').exists()).toBe(false)
    await wrapper.findAll('button').find((b) => b.text() === 'Hex')!.trigger('click')
    expect(wrapper.get('[data-body="hex"]').text()).toMatch(/^0000 {2}3c 68 74 6d 6c 3e/)
  })

  it('HTTP: the image\'s body is the whole reassembled file (FF D8 first), with the bytes as sent and their frames beside it', async () => {
    await openWalkthrough(context, labWalkthrough)
    usePlayerStore().go(12)
    const wrapper = mountWith(WtHttpMessage, context)
    await flush()
    const body = wrapper.get('[data-testid="http-body"]')
    expect(body.attributes('data-decoded-bytes')).toBe('6419')
    // Binary: shown as bytes at once, from the first byte of the file.
    expect(wrapper.get('[data-body="hex"]').text()).toMatch(/^0000 {2}ff d8 ff e0 00 10 4a 46 49 46/)
    expect(wrapper.get('[data-testid="http-body-how"]').text()).toContain('6419 bytes, put back together from 3 TCP segment(s)')
    expect(context.client.calls.some((c) => c.name === 'capture.httpBody' && c.args[1] === 1 && c.args[2] === 'response')).toBe(true)
    await wrapper.findAll('[role="tab"]').find((b) => b.text() === 'As sent')!.trigger('click')
    expect(wrapper.get('[data-testid="http-body-segments"]').text()).toContain('frame 18: bytes 2000–4919 (2920 bytes)')
  })

  it('HTTP: a redirect\'s follow-up says so, not Referer', async () => {
    const redirected = structuredClone(labWalkthrough)
    redirected.http[1] = { ...redirected.http[1]!, uri: '/whatisthis/', cause: 'redirect', referer: null, requestHead: 'GET /whatisthis/ HTTP/1.1\r\nHost: www.lab.cyber.co.kr\r\n\r\n' }
    await openWalkthrough(context, redirected)
    usePlayerStore().go(12)
    const wrapper = mountWith(WtHttpMessage, context)
    await flush()
    expect(wrapper.text()).toContain('Requested because exchange 1 answered with a redirect (3xx, Location)')
    expect(wrapper.text()).not.toContain('(Referer)')
    expect(wrapper.find('[data-concept="http.redirect"]').exists()).toBe(true)
    expect(wrapper.find('[data-concept="http.subresource"]').exists()).toBe(false)
  })

  it('HTTP: the image request says it was caused by the page (Referer)', async () => {
    await openWalkthrough(context, labWalkthrough)
    usePlayerStore().go(12)
    const wrapper = mountWith(WtHttpMessage, context)
    await flush()
    expect(wrapper.text()).toContain('Requested because of exchange 1 (Referer)')
    // The notes' concepts are listed after the message itself, collapsed: the real bytes come first.
    expect(wrapper.get('[data-concept="http.subresource"]').attributes('open')).toBeUndefined()
    expect(wrapper.element.lastElementChild?.getAttribute('data-testid')).toBe('concept-notes')
  })

  it('DNS: question (name, class from the packet, type), AA flag, sections with TTL, the chain and the cache', async () => {
    await openWalkthrough(context, labWalkthrough)
    usePlayerStore().go(7) // lab.cyber.co.kr. answers with AA
    const wrapper = mountWith(WtDnsMessage, context)
    await flush()
    const question = wrapper.get('[data-testid="dns-question"]')
    expect(question.get('[data-field="name"]').text()).toBe('www.lab.cyber.co.kr.')
    expect(question.get('[data-field="class"]').text()).toBe('IN')
    expect(question.get('[data-field="type"]').text()).toBe('A')
    expect(wrapper.get('[data-testid="dns-aa"]').attributes('data-aa')).toBe('true')
    // The notes' concepts come after the message, all collapsed (the step explainer explains the
    // step's own concept): at 1366×768 five open notes pushed the message below the fold.
    expect(wrapper.findAll('[data-testid="concept-notes"] details').length).toBeGreaterThanOrEqual(3)
    expect(wrapper.findAll('[data-testid="concept-notes"] details[open]')).toHaveLength(0)
    const order = [...wrapper.element.querySelectorAll('[data-testid="dns-question"], [data-testid="concept-notes"]')].map((el) => el.getAttribute('data-testid'))
    expect(order).toEqual(['dns-question', 'concept-notes'])
    expect(wrapper.get('[data-section="answer"]').text()).toContain('127.53.4.80')
    expect(wrapper.get('[data-section="answer"]').text()).toContain('3600 s')
    expect(wrapper.get('[data-testid="dns-cache"]').text()).toBe('Stored in the cache for 3600 s (its TTL)')
    expect(wrapper.findAll('.chain [data-zone]').map((li) => li.attributes('data-zone'))).toEqual(['.', 'kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.'])
    expect(wrapper.get('.chain li.current').attributes('data-zone')).toBe('lab.cyber.co.kr.')
    // "server → outcome", a space each side of the arrow (the server's was lost: "…:10053→ answer").
    expect(wrapper.get('.chain li.current').element.textContent!.trim()).toMatch(/^lab\.cyber\.co\.kr\. zone server \S+:\d+ → answer$/)
    // A referral has AA clear and its NS + glue in authority / additional.
    usePlayerStore().go(3)
    await flush()
    expect(wrapper.get('[data-testid="dns-aa"]').attributes('data-aa')).toBe('false')
    expect(wrapper.get('[data-section="authority"]').text()).toContain('ns1.kr.')
    expect(wrapper.get('[data-section="additional"]').text()).toContain('127.53.1.1')
  })

  it('IP: without the journal\'s interfaces, the loopback prefix is assumed and said so', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtIpAnatomy, context)
    await flush()
    expect(wrapper.find('[data-testid="ip-assumed"]').exists()).toBe(true)
    expect(wrapper.get('[data-field="address"]').text()).toBe('127.0.0.1/8')
    expect(wrapper.get('[data-field="network"]').text()).toBe('127.0.0.0/8')
    expect(wrapper.get('[data-field="broadcast"]').text()).toBe('127.255.255.255')
    expect(wrapper.get('[data-field="mask"]').text()).toBe('255.0.0.0')
    expect(wrapper.findAll('[data-on-link="true"]').length).toBe(6) // 5 DNS servers + the web server
    await wrapper.get('select').setValue('24')
    expect(wrapper.get('[data-field="broadcast"]').text()).toBe('127.0.0.255')
    expect(wrapper.findAll('[data-on-link="false"]').length).toBe(6)
  })

  it('IP: names the computer the IP-address step names when the capture has several clients', async () => {
    // A second client's connection listed first: "this computer" is the client of the first question
    // or connection by frame (shared/this-computer.ts, the step's rule), not the first one listed.
    const first = labWalkthrough.dns.find((d) => d.query_frame !== null)!
    const other = labWalkthrough.connections.map((c, i) => (i === 0 ? { ...c, client: '10.0.2.15:51000' } : c))
    expect(other[0]!.phases.connect!.frames[0]!).toBeGreaterThan(first.query_frame!)
    const severalClients = { ...labWalkthrough, connections: other } as Walkthrough
    const { query, connection } = earliest(severalClients.dns, severalClients.connections)
    expect(thisComputer(query, connection)).toEqual({ frame: first.query_frame, address: '127.0.0.1' })
    await openWalkthrough(context, severalClients)
    const wrapper = mountWith(WtIpAnatomy, context)
    await flush()
    expect(wrapper.get('[data-field="address"]').text()).toBe('127.0.0.1/8')
    expect(wrapper.text()).not.toContain('10.0.2.15/')
  })

  it('IP: each server\'s role in the UI\'s language', async () => {
    await openWalkthrough(context, labWalkthrough)
    const roles = async (language: 'en' | 'ko') => {
      const wrapper = mountWith(WtIpAnatomy, context, { language })
      await flush()
      return wrapper.findAll('.servers li').map((li) => /\(([^)]*)\):/.exec(li.text())?.[1])
    }
    expect(await roles('en')).toEqual(['web server', 'DNS server', 'DNS server', 'DNS server', 'DNS server', 'DNS server'])
    expect(await roles('ko')).toEqual(['웹 서버', 'DNS 서버', 'DNS 서버', 'DNS 서버', 'DNS 서버', 'DNS 서버'])
  })

  it('IP: with the recording host\'s interfaces, the prefix comes from the journal', async () => {
    const withInterfaces = {
      ...labWalkthrough,
      recording: { ...labWalkthrough.recording!, interfaces: [{ name: 'lo', address: '127.0.0.1', cidr: '127.0.0.1/16', family: 4, internal: true }] },
    } as Walkthrough
    await openWalkthrough(context, withInterfaces)
    const wrapper = mountWith(WtIpAnatomy, context)
    await flush()
    expect(wrapper.find('[data-testid="ip-assumed"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('From the recording’s host interfaces (lo).')
    expect(wrapper.get('[data-field="broadcast"]').text()).toBe('127.0.255.255')
  })

  it('IP: a loopback address that lo lists as a /32 (the internet replica) still reaches the loopback servers directly, as 127.0.0.0/8', async () => {
    const onSlash32 = {
      ...labWalkthrough,
      recording: { ...labWalkthrough.recording!, interfaces: [{ name: 'lo', address: '127.0.0.1', cidr: '127.0.0.1/32', family: 4, internal: true }] },
    } as Walkthrough
    await openWalkthrough(context, onSlash32)
    const wrapper = mountWith(WtIpAnatomy, context)
    await flush()
    expect(wrapper.get('[data-field="address"]').text()).toBe('127.0.0.1/32')
    const servers = wrapper.findAll('.servers li')
    expect(servers.map((li) => li.attributes('data-on-link'))).toEqual(Array(6).fill('true'))
    for (const li of servers) expect(li.text()).toContain('on-link: in the same subnet, 127.0.0.0/8 (loopback), whatever netmask lo lists: never leaves this computer')
    expect(wrapper.text()).not.toContain('via a router')
  })

  it('socket: descriptor from the journal, local and remote IP:port, the phases', async () => {
    await openWalkthrough(context, labWalkthrough)
    usePlayerStore().go(8)
    const wrapper = mountWith(WtSocketPane, context)
    await flush()
    expect(wrapper.get('[data-field="descriptor"]').text()).toBe('23')
    expect(wrapper.get('[data-field="local"]').text()).toBe('127.0.0.1:50000')
    expect(wrapper.get('[data-field="remote"]').text()).toBe('127.53.4.80:10080')
    expect(wrapper.findAll('[data-phase-row]').map((row) => row.attributes('data-phase-row'))).toEqual(['socket', 'connect', 'transfer', 'close'])
    expect(wrapper.get('[data-phase-row="connect"]').text()).toContain('#11–13')
  })

  it('socket: the TCP notes say what the reassembly met, in words, in English and Korean', async () => {
    const connection = { ...tcpdumpWalkthrough.connections[0]!, notes: ['retransmission', 'gap'] as const }
    await openWalkthrough(context, { ...tcpdumpWalkthrough, connections: [{ ...connection, notes: [...connection.notes] }] })
    const notes = async (language: 'en' | 'ko') => {
      const wrapper = mountWith(WtSocketPane, context, { language })
      await flush()
      return wrapper.findAll('[data-note]').map((li) => [li.attributes('data-note'), li.text()])
    }
    expect(await notes('en')).toEqual([
      ['retransmission', 'Retransmission: a segment carried only bytes that had already arrived (sent again; they were read once)'],
      ['gap', 'Gap: bytes that never appear in the capture (lost, or not captured); reading went on after them'],
    ])
    expect(await notes('ko')).toEqual([
      ['retransmission', '재전송: 이미 도착한 바이트만 담긴 세그먼트입니다(다시 보낸 것이어서 한 번만 읽었습니다)'],
      ['gap', '빈 구간: 캡처에 끝내 나타나지 않은 바이트입니다(손실되었거나 캡처되지 않음). 그 뒤부터 이어서 읽었습니다'],
    ])
  })

  it('socket: a foreign capture has no descriptor, and its creation is not visible', async () => {
    await openWalkthrough(context, tcpdumpWalkthrough)
    const wrapper = mountWith(WtSocketPane, context)
    await flush()
    expect(wrapper.get('[data-field="descriptor"]').text()).toContain('unknown')
    expect(wrapper.get('[data-phase-row="socket"]').text()).toContain('not visible on the wire')
  })
})
