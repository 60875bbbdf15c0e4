import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WtUrlAnatomy from '../../src-renderer/components/WtUrlAnatomy.vue'
import { meaningOfPath, parseUrlAnatomy } from '../../src-renderer/lib/url-anatomy.ts'
import { labWalkthrough, tcpdumpWalkthrough } from './fixtures/lab-walkthrough.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

describe('parseUrlAnatomy (STORY 01 §1–3)', () => {
  it('takes the notes\' example apart, keeping every character in place', () => {
    const url = 'http://user:password@www.cyber.co.kr:80/dir/file1.html'
    const anatomy = parseUrlAnatomy(url)
    expect(anatomy.parts.map((part) => [part.kind, part.text])).toEqual([
      ['scheme', 'http:'],
      ['slashes', '//'],
      ['user', 'user'],
      ['separator', ':'],
      ['password', 'password'],
      ['at', '@'],
      ['host', 'www.cyber.co.kr'],
      ['separator', ':'],
      ['port', '80'],
      ['path', '/dir/file1.html'],
    ])
    expect(anatomy.parts.map((part) => part.text).join('')).toBe(url)
    for (const part of anatomy.parts) expect(url.slice(part.start, part.start + part.text.length)).toBe(part.text)
    expect(anatomy.pathMeaning).toEqual({ kind: 'file', directory: '/dir/', file: 'file1.html' })
  })

  it('tells directory, root, file and "file or directory" apart (STORY 01 §3 a–d)', () => {
    expect(meaningOfPath('/dir/')).toEqual({ kind: 'directory', directory: '/dir/' })
    expect(meaningOfPath('/')).toEqual({ kind: 'root' })
    expect(meaningOfPath('')).toEqual({ kind: 'root' })
    expect(meaningOfPath('/whatisthis')).toEqual({ kind: 'ambiguous', directory: '/', name: 'whatisthis' })
  })

  it('knows when the port was left out, and other schemes', () => {
    expect(parseUrlAnatomy('http://www.lab.cyber.co.kr').port).toBeNull()
    expect(parseUrlAnatomy('http://www.lab.cyber.co.kr').defaultPort).toBe(80)
    expect(parseUrlAnatomy('https://[::1]:8443/a').host).toBe('[::1]')
    expect(parseUrlAnatomy('https://[::1]:8443/a').port).toBe(8443)
    const mail = parseUrlAnatomy('mailto:someone@example.com')
    expect(mail.hasAuthority).toBe(false)
    expect(mail.parts.map((part) => part.kind)).toEqual(['scheme', 'path'])
    expect(() => parseUrlAnatomy('www.lab.cyber.co.kr')).toThrow('does not start with an access method such as "http:"')
    expect(() => parseUrlAnatomy('http://host:99999/')).toThrow('the port 99999 (characters 12–17) is out of range: a port number is 0–65535')
  })
})

describe('WtUrlAnatomy', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('colours each part with its own class and names it in the legend', async () => {
    const wrapper = mountWith(WtUrlAnatomy, context, { props: { url: 'http://user:password@www.cyber.co.kr:80/dir/file1.html' } })
    const part = (kind: string) => wrapper.get(`[data-testid="url-parts"] [data-part="${kind}"]`)
    expect(part('scheme').classes()).toContain('part-scheme')
    expect(part('user').text()).toBe('user')
    expect(part('password').classes()).toContain('part-password')
    expect(part('host').text()).toBe('www.cyber.co.kr')
    expect(part('port').classes()).toContain('part-port')
    expect(part('path').text()).toBe('/dir/file1.html')
    expect(part('host').attributes('title')).toBe('web server’s name')
    expect(wrapper.get('[data-testid="url-path-meaning"]').text()).toBe('The path names the file file1.html in the directory /dir/.')
    expect(wrapper.find('[data-testid="url-default-port"]').exists()).toBe(false)
  })

  it('explains the default file and the default port when they are left out', async () => {
    const wrapper = mountWith(WtUrlAnatomy, context, { props: { url: 'http://www.lab.cyber.co.kr/dir/' } })
    expect(wrapper.get('[data-testid="url-path-meaning"]').attributes('data-meaning')).toBe('directory')
    expect(wrapper.text()).toContain('The server answers with its default file (for example index.html)')
    expect(wrapper.get('[data-testid="url-default-port"]').text()).toBe('No port given: 80, the default for http')
  })

  it('shows the typed and the loaded URL of a lab recording', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(WtUrlAnatomy, context)
    await flush()
    expect(wrapper.get('[data-testid="url-parts"]').text()).toBe('http://www.lab.cyber.co.kr/sample.htm')
    expect(wrapper.text()).toContain('http://www.lab.cyber.co.kr:10080/sample.htm')
    expect(wrapper.text()).toContain('the lab’s web port was used')
    // The default port is not what was used: the bullet says both, not "80" alone beside ":10080".
    expect(wrapper.get('[data-testid="url-default-port"]').text()).toBe('No port given: 80 is the default for http, but the lab’s web server listens on port 10080, so the connection went to 10080')
    const ko = mountWith(WtUrlAnatomy, context, { language: 'ko' })
    await flush()
    expect(ko.get('[data-testid="url-default-port"]').text()).toBe('포트 번호 생략: http의 기본값은 80이지만, 실습 네트워크의 웹 서버는 포트 10080에서 기다리므로 10080번 포트로 접속했습니다')
  })

  it('rebuilds the URL from the HTTP request of a foreign capture', async () => {
    await openWalkthrough(context, tcpdumpWalkthrough)
    const wrapper = mountWith(WtUrlAnatomy, context)
    await flush()
    expect(wrapper.get('[data-testid="url-parts"]').text()).toBe('http://www.lab.cyber.co.kr:10080/sample.htm')
    expect(wrapper.get('[data-part="port"]').text()).toBe('10080')
  })

  it('says in words when a URL cannot be taken apart', () => {
    const wrapper = mountWith(WtUrlAnatomy, context, { props: { url: 'not a url' } })
    expect(wrapper.get('[role="alert"]').text()).toContain('does not start with an access method such as "http:"')
  })

  it('shows what the browser repaired, and no repair list when there is none', () => {
    const wrapper = mountWith(WtUrlAnatomy, context, { props: { url: 'http:\\\\www.lab.cyber.co.kr\\dir\t/file.htm' } })
    expect(wrapper.get('[data-testid="url-parts"] [data-part="host"]').text()).toBe('www.lab.cyber.co.kr')
    expect(wrapper.get('[data-testid="url-browser-reads"]').text()).toBe('http://www.lab.cyber.co.kr/dir/file.htm')
    const notes = wrapper.findAll('[data-testid="url-repairs"] li')
    expect(notes.map((li) => li.attributes('data-repair'))).toEqual(['backslash', 'tab-newline'])
    expect(notes[0]!.text()).toBe('"\\" is read as "/": in http: and https: URLs the browser treats a backslash as a slash.')
    expect(notes[1]!.text()).toBe('The browser drops tabs and line breaks inside a URL (1 here).')
    const plain = mountWith(WtUrlAnatomy, context, { props: { url: 'http://www.lab.cyber.co.kr/dir/' } })
    expect(plain.find('[data-testid="url-repairs"]').exists()).toBe(false)
  })

  it('shows the repairs in Korean', () => {
    const wrapper = mountWith(WtUrlAnatomy, context, { props: { url: 'http://www.lab.cyber.co.kr:80/a/../sample.htm' }, language: 'ko' })
    const notes = wrapper.findAll('[data-testid="url-repairs"] li').map((li) => li.text())
    expect(notes).toEqual([
      '80번은 http의 기본 포트다. 브라우저는 이 포트로 접속하지만 URL과 Host 헤더에는 적지 않는다.',
      '브라우저는 경로명에서 "." 세그먼트와 ".." 세그먼트를 없앤다(RFC 3986 §5.2.4): /a/../sample.htm → /sample.htm.',
    ])
    expect(wrapper.text()).toContain('브라우저가 읽은 URL')
  })
})
