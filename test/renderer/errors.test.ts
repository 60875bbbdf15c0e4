import { overviewOf } from '../../src-main/shared/lesson.ts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { describeOtherScheme } from '../../src-main/url/other-schemes.ts'
import App from '../../src-renderer/App.vue'
import { useCaptureStore } from '../../src-renderer/stores/capture.ts'
import { useSettingsStore } from '../../src-renderer/stores/settings.ts'
import { labWalkthrough } from './fixtures/lab-walkthrough.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

describe('errors in plain words', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('a malformed file shows the engine\'s code and message, and can be dismissed', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    const ok = await useCaptureStore().openBytes('notes.txt', new TextEncoder().encode('hello world'))
    await flush()
    expect(ok).toBe(false)
    const error = wrapper.get('[data-testid="error"]')
    expect(error.attributes('data-code')).toBe('CAPTURE_UNKNOWN_FORMAT')
    expect(error.text()).toContain('not a pcap or pcapng file: the first 4 bytes are 68656c6c')
    expect(wrapper.find('[data-testid="welcome"]').exists()).toBe(true) // nothing half-opened
    await error.get('button').trigger('click')
    expect(wrapper.find('[data-testid="error"]').exists()).toBe(false)
  })

  it('a capture reader\'s error is said in the UI\'s language first, then the engine\'s message with its numbers', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    useSettingsStore().setLanguage('ko')
    await flush()
    // What the analyzer says of ../shared/captures/malformed-file-pcap-invalid-version.pcap.
    context.client.handlers['capture.openBytes'] = async () => {
      throw { name: 'WiretrailError', code: 'CAPTURE_UNSUPPORTED_VERSION', message: 'old.pcap: pcap header at byte 4 says version 1.4; only version 2.x can be read' }
    }
    expect(await useCaptureStore().openBytes('old.pcap', new Uint8Array(24))).toBe(false)
    await flush()
    const error = wrapper.get('[data-testid="error"]')
    expect(error.attributes('data-code')).toBe('CAPTURE_UNSUPPORTED_VERSION')
    expect(error.get('.message').text()).toMatch(/^이 버전의 캡처 파일 형식은 읽을 수 없습니다\. old\.pcap: pcap header at byte 4 says version 1\.4/)
    useSettingsStore().setLanguage('en')
    await flush()
    expect(error.get('.message').text()).toMatch(/^This version of the capture format cannot be read\. old\.pcap: pcap header/)
  })

  it('a failed recording keeps the capture that was open', async () => {
    await openWalkthrough(context, labWalkthrough)
    context.client.handlers['capture.record'] = async () => {
      throw { name: 'WiretrailError', code: 'LAB_PORT_IN_USE', message: 'port 10053 on 127.53.0.1 is already in use' }
    }
    const wrapper = mountWith(App, context)
    await flush()
    await wrapper.get('[data-testid="record"]').trigger('submit')
    await wrapper.get('form').trigger('submit')
    await flush()
    expect(wrapper.get('[data-testid="error"]').text()).toContain('LAB_PORT_IN_USE')
    expect(wrapper.get('[data-testid="error"]').text()).toContain('port 10053 on 127.53.0.1 is already in use')
    expect(useCaptureStore().walkthrough).toEqual(overviewOf(labWalkthrough))
  })

  it('a problem inside a capture is said in Korean in the Korean UI, with the engine\'s message and the byte', async () => {
    await openWalkthrough(context, { ...labWalkthrough, fileErrors: [{ code: 'CAPTURE_TRUNCATED', message: 'the file is cut short: record 17 at byte 9954 needs 188 bytes of data but only 30 remain', offset: 9954 }] })
    const wrapper = mountWith(App, context)
    await flush()
    useSettingsStore().setLanguage('ko')
    await flush()
    expect(wrapper.get('[data-testid="file-problems"] li').text()).toBe('CAPTURE_TRUNCATED 파일이 중간에 잘려 있습니다. 패킷 레코드 도중에 끝납니다. the file is cut short: record 17 at byte 9954 needs 188 bytes of data but only 30 remain (9954번째 바이트)')
  })

  it('problems inside a capture are listed with their byte offsets, beside what was read', async () => {
    await openWalkthrough(context, { ...labWalkthrough, fileErrors: [{ code: 'PCAP_TRUNCATED_RECORD', message: 'the last record claims 1514 bytes but only 200 remain', offset: 4120 }] })
    const wrapper = mountWith(App, context)
    await flush()
    const problems = wrapper.get('[data-testid="file-problems"]')
    expect(problems.text()).toContain('PCAP_TRUNCATED_RECORD')
    expect(problems.text()).toContain('at byte 4120')
    expect(wrapper.findAll('[data-phase]').length).toBe(4)
  })

  it('an ftp: URL is explained in the UI\'s language (the engine\'s message is English)', async () => {
    // What the engine's URL_OTHER_ACCESS_METHOD carries (src-main/url/parse.ts otherAccessError).
    const url = 'ftp://ftp.lab.cyber.co.kr/pub/readme.txt'
    const parsed = describeOtherScheme(url, 'ftp', 4)
    context.client.handlers['capture.record'] = async () => {
      throw { name: 'WiretrailError', code: 'URL_OTHER_ACCESS_METHOD', message: `"ftp:" is another access method (FTP client), not a web page: ${parsed.explanation.en}`, details: { scheme: 'ftp', explanation: parsed.explanation } }
    }
    const wrapper = mountWith(App, context)
    await flush()
    useSettingsStore().setLanguage('ko')
    await flush()
    await wrapper.get('[data-testid="record"]').trigger('submit')
    await wrapper.get('form').trigger('submit')
    await flush()
    const error = wrapper.get('[data-testid="error"]')
    expect(error.attributes('data-code')).toBe('URL_OTHER_ACCESS_METHOD')
    expect(error.text()).toContain('ftp:는 FTP 서버 ftp.lab.cyber.co.kr의 파일 /pub/readme.txt를 HTTP가 아닌 FTP 프로토콜로 가져오라는 뜻이다')
    expect(error.text()).not.toContain('another access method')
  })

  it('a display filter that does not parse is said in Korean in the Korean UI, then the parser\'s message with its column', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(App, context)
    await flush()
    useSettingsStore().setLanguage('ko')
    await flush()
    // The filter bar parses as it is typed (src-main/filter/parse.ts, in the renderer).
    await wrapper.get('[data-testid="display-filter"]').setValue('tcp.port ==')
    await flush()
    expect(wrapper.get('[data-testid="filter-error"]').attributes('data-code')).toBe('FILTER_SYNTAX')
    expect(wrapper.get('[data-testid="filter-error"] .message').text()).toBe('필터가 디스플레이 필터 문법에 맞지 않습니다. column 12: the filter ends too early: a field or a value must follow')
    await wrapper.get('[data-testid="display-filter"]').setValue('tcp.prot == 80')
    await flush()
    expect(wrapper.get('[data-testid="filter-error"]').attributes('data-code')).toBe('FILTER_UNKNOWN_FIELD')
    expect(wrapper.get('[data-testid="filter-error"] .message').text()).toMatch(/^이 단어는 필터가 검사할 수 있는 필드가 아닙니다\(필드는 ip\.addr, tcp\.port, dns\.qry\.name 같은 모양입니다\)\. column 1: /)
  })

  it('a recording whose page did not load opens what was recorded, and says why in the UI\'s language until another capture opens', async () => {
    // What services/captures.ts returns for a load refused at connect(): the capture up to the RST.
    context.client.handlers['capture.record'] = async () => ({
      ...context.client.opened(labWalkthrough, false),
      loadFailure: { name: 'WiretrailError', code: 'SOCKET_CONNECT_REFUSED', message: 'connect() to 127.0.0.1:9 was refused: nothing listens on that port (the server answered with RST)', details: { phase: 'connect', remote: '127.0.0.1:9' } },
    })
    const wrapper = mountWith(App, context)
    await flush()
    useSettingsStore().setLanguage('ko')
    await flush()
    await wrapper.get('form').trigger('submit')
    await flush()
    const failure = wrapper.get('[data-testid="page-failure"]')
    expect(failure.attributes('data-code')).toBe('SOCKET_CONNECT_REFUSED')
    expect(failure.get('strong').text()).toBe('페이지를 불러오지 못했습니다. 멈춘 곳까지의 과정은 단계에서 볼 수 있습니다.')
    expect(failure.get('.message').text()).toBe('연결이 거부되었습니다. 서버의 그 포트에서 기다리는 프로그램이 없습니다. connect() to 127.0.0.1:9 was refused: nothing listens on that port (the server answered with RST)')
    expect(wrapper.find('[data-testid="error"]').exists()).toBe(false)
    useSettingsStore().setLanguage('en')
    await flush()
    expect(failure.get('.message').text()).toMatch(/^The connection was refused: no program is waiting on that port of the server\. connect\(\) to 127\.0\.0\.1:9/)
    // Another capture opened: the notice was about the one before.
    await openWalkthrough(context, labWalkthrough)
    expect(wrapper.find('[data-testid="page-failure"]').exists()).toBe(false)
  })

  it('Follow TCP Stream with no TCP packet chosen says so in the UI\'s language, once', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(App, context)
    await flush()
    useSettingsStore().setLanguage('ko')
    await flush()
    await wrapper.get('[data-menu="analyze"]').trigger('click')
    await wrapper.get('[data-command="follow-tcp-stream"]').trigger('click')
    await flush()
    const error = wrapper.get('[data-testid="error"]')
    expect(error.attributes('data-code')).toBe('FOLLOW_NO_TCP_FRAME')
    expect(error.get('.message').text()).toBe('먼저 TCP 패킷을 선택하세요. TCP 스트림 따라가기는 그 패킷이 속한 연결을 보여 줍니다.')
  })

  it('a cancelled operation is not an error', async () => {
    context.client.handlers['capture.record'] = async () => {
      throw { name: 'WiretrailError', code: 'CANCELLED', message: 'cancelled by the user' }
    }
    const wrapper = mountWith(App, context)
    await flush()
    await wrapper.get('form').trigger('submit')
    await flush()
    expect(wrapper.find('[data-testid="error"]').exists()).toBe(false)
  })
})
