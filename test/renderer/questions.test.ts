// The questions panel on a real capture (Wireshark's HTTP sample from the shared corpus), with the
// real engine behind the API (AppServices: the analyzer's worker derives the questions and checks
// the answers; the scores go to a state folder): the questions' content in English and Korean, a
// typed answer and a field selected in the packet pane told right from wrong, a right value in
// the wrong packet said so, the explaining step one click away, the score.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { ApiArgs, ApiName, ApiReturn, OpenedCapture } from '../../src-main/shared/api.ts'
import type { QuestionKind } from '../../src-main/shared/questions.ts'
import { hasUnresolvedParticle } from '../../src-main/shared/korean.ts'
import App from '../../src-renderer/App.vue'
import { useCaptureStore } from '../../src-renderer/stores/capture.ts'
import { usePlayerStore } from '../../src-renderer/stores/player.ts'
import { useSelectionStore } from '../../src-renderer/stores/selection.ts'
import { useSettingsStore } from '../../src-renderer/stores/settings.ts'
import { flush, mountWith, setupTest, type TestContext } from './helpers.ts'

/** test/support/real-engine.ts, loaded at run time: it runs Node's modules, which the renderer's
 * tests are type-checked without (tsconfig.web.json); only the API's shared types cross. */
interface RealEngine {
  call<K extends ApiName>(name: K, ...args: ApiArgs<K>): Promise<ApiReturn<K>>
  corpusPath(name: string): string
  exportQuestions(captureId: string, kinds: QuestionKind[]): Promise<string>
  shutdown(): Promise<void>
}
const REAL_ENGINE = '../support/real-engine.ts'

let engine: RealEngine
let opened: OpenedCapture

beforeAll(async () => {
  const { startRealEngine } = (await import(/* @vite-ignore */ REAL_ENGINE)) as { startRealEngine: () => Promise<RealEngine> }
  engine = await startRealEngine()
  opened = await engine.call('capture.openPath', engine.corpusPath('http-wireshark-sample-keepalive.cap'))
}, 60_000)
afterAll(async () => {
  await engine?.shutdown()
})

/** Waits for what the test reads next (the engine answers from its worker thread). */
async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    await flush()
    if (ok()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** The real engine behind the in-memory client: the same calls AppServices answers in both shells. */
function useRealEngine(context: TestContext): void {
  const h = context.client.handlers
  h['capture.openPath'] = async () => opened
  h['capture.packet'] = (_id, frame) => engine.call('capture.packet', opened.captureId, frame)
  h['capture.questions'] = () => engine.call('capture.questions', opened.captureId)
  h['capture.checkAnswer'] = (_id, question, answer) => engine.call('capture.checkAnswer', opened.captureId, question, answer)
}

async function openPanel(wrapper: VueWrapper): Promise<void> {
  await useCaptureStore().openPath('/fixture')
  await flush()
  await wrapper.get('[data-testid="questions-toggle"]').trigger('click')
  await until('the questions', () => wrapper.findAll('[data-question]').length > 0)
}

const question = (wrapper: VueWrapper, kind: string) => wrapper.get(`[data-question="${kind}"]`)

async function typeAnswer(wrapper: VueWrapper, kind: string, text: string): Promise<string> {
  const q = question(wrapper, kind)
  const before = q.find('[data-testid="question-verdict"]').exists() ? q.get('[data-testid="question-verdict"]').text() : ''
  await q.get('[data-testid="question-input"]').setValue(text)
  await q.get('form').trigger('submit')
  await until(`the verdict on "${text}"`, () => {
    const v = question(wrapper, kind).find('[data-testid="question-verdict"]')
    return v.exists() && v.text() !== before
  })
  return question(wrapper, kind).get('[data-testid="question-verdict"]').text()
}

/** Shows a frame in the packet pane and selects one of its fields in the field tree. */
async function selectField(wrapper: VueWrapper, frame: number, key: string): Promise<void> {
  useSelectionStore().selectFrames([frame], 'list', {}, 'packet')
  await until(`frame ${frame}'s field tree`, () => wrapper.find(`[data-testid="field-tree"] li[data-key="${key}"]`).exists() && wrapper.get('[data-testid="packet-detail"] h3').text().includes(String(frame)))
  await wrapper.get(`[data-testid="field-tree"] li[data-key="${key}"] > .row`).trigger('click')
  await until('the picked field', () => wrapper.get('[data-testid="questions-picked"]').text().includes(`frame ${frame}`) || wrapper.get('[data-testid="questions-picked"]').text().includes(`프레임 ${frame}`))
}

async function answerWithPicked(wrapper: VueWrapper, kind: string): Promise<string> {
  const current = question(wrapper, kind).find('[data-testid="question-verdict"]')
  const before = current.exists() ? current.text() : ''
  await question(wrapper, kind).get('[data-testid="question-pick"]').trigger('click')
  await until('the verdict on the field', () => {
    const v = question(wrapper, kind).find('[data-testid="question-verdict"]')
    return v.exists() && v.text() !== before
  })
  return question(wrapper, kind).get('[data-testid="question-verdict"]').text()
}

describe('the questions panel', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
    useRealEngine(context)
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('asks in English, checks typed and clicked answers, and goes to the explaining step', async () => {
    const wrapper = mountWith(App, context)
    await openPanel(wrapper)
    const panel = wrapper.get('[data-testid="questions"]')
    expect(panel.findAll('[data-question]').map((q) => q.attributes('data-question'))).toEqual(['client-port', 'first-close'])
    expect(question(wrapper, 'client-port').get('.prompt').text()).toBe("Which port did the protocol stack choose for this computer's socket when it connected to the web server 65.208.228.223:80?")
    expect(question(wrapper, 'first-close').get('.prompt').text()).toBe('Which side closed the connection to the web server 65.208.228.223:80 first: the client (this computer) or the web server?')
    expect(question(wrapper, 'client-port').text()).toContain('Answer with a port number.')

    // Typed: the server's port is not the client's; the client's is.
    expect(await typeAnswer(wrapper, 'client-port', '80')).toBe('Not right — Not "80". Look at the packet that shows it (the explaining step is one click away).')
    expect(question(wrapper, 'client-port').classes()).toContain('wrong')
    const right = await typeAnswer(wrapper, 'client-port', '3372')
    expect(right).toMatch(/^Right — Right: 3372: the protocol stack gave the socket this port when it was made/)
    expect(right).toContain('frame 1, Source Port: 3372 (tcp.srcport, bytes 34–35)')
    expect(question(wrapper, 'client-port').classes()).toContain('right')

    // Clicked: the first FIN (the server's, frame 40) is right; the client's FIN after it is the
    // right value in the wrong packet; another field of frame 40 is the right packet, wrong field.
    await selectField(wrapper, 42, 'tcp.flags')
    const flagsRow = wrapper.get('[data-testid="field-tree"] li[data-key="tcp.flags"]')
    await flagsRow.get('.toggle').trigger('click')
    await wrapper.get('[data-testid="field-tree"] li[data-key="tcp.flags.fin"] > .row').trigger('click')
    await until('the FIN picked', () => wrapper.get('[data-testid="questions-picked"]').text().includes('tcp.flags.fin'))
    expect(wrapper.get('[data-testid="questions-picked"]').text()).toBe('Selected: .... ...1 = Fin: Set (frame 42, tcp.flags.fin)')
    const wrongPacket = await answerWithPicked(wrapper, 'first-close')
    expect(wrongPacket).toBe('Right value, wrong packet — .... ...1 = Fin: Set has the right value, but frame 42 is not the packet that answers the question: look at frame 40.')
    expect(question(wrapper, 'first-close').classes()).toContain('almost')
    await selectField(wrapper, 40, 'tcp.dstport')
    expect(await answerWithPicked(wrapper, 'first-close')).toMatch(/^Right packet, wrong field — Frame 40 is the right packet, but Destination Port: 3372 does not show it/)
    await selectField(wrapper, 40, 'ip.src')
    expect(await answerWithPicked(wrapper, 'first-close')).toMatch(/^Right — Right: Source Address: 65\.208\.228\.223 in frame 40 shows it\. The web server: the first FIN/)

    expect(wrapper.get('[data-testid="questions-score"]').text()).toBe('2 of 2 answered right (0 at the first try)')

    // The step that explains it, one click away.
    const explain = question(wrapper, 'first-close').get('[data-testid="question-explain"]')
    const step = (await engine.call('capture.questions', opened.captureId)).questions.find((q) => q.kind === 'first-close')!.step!
    expect(explain.text()).toBe(`Go to the step that explains it (step ${step + 1})`)
    await explain.trigger('click')
    await flush()
    expect(usePlayerStore().index).toBe(step)
    expect(wrapper.get('[data-testid="step-explainer"]').attributes('data-step-index')).toBe(String(step))
    expect((await engine.call('capture.steps', opened.captureId, step, 1)).steps[0]!.kind).toBe('close')
  }, 60_000)

  it('asks in Korean with the particles resolved and says the verdicts in Korean', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    useSettingsStore().setLanguage('ko')
    await flush()
    await openPanel(wrapper)
    expect(wrapper.get('[data-testid="questions"] h2').text()).toBe('이 캡처에 대한 질문')
    expect(question(wrapper, 'client-port').get('.prompt').text()).toBe('웹 서버 65.208.228.223:80에 접속할 때 프로토콜 스택이 이 컴퓨터의 소켓에 할당한 포트 번호는 몇 번인가?')
    expect(question(wrapper, 'first-close').get('.prompt').text()).toBe('웹 서버 65.208.228.223:80과의 연결을 먼저 끊은(먼저 close를 호출한) 쪽은 클라이언트(이 컴퓨터)인가, 웹 서버인가?')
    expect(question(wrapper, 'client-port').text()).toContain('포트 번호로 답한다.')
    expect(question(wrapper, 'first-close').text()).toContain('"클라이언트" 또는 "서버"로 답한다.')
    expect(await typeAnswer(wrapper, 'first-close', '클라이언트')).toBe('오답 — "클라이언트"가 아니다. 그것을 보여 주는 패킷을 보라(설명하는 단계로 바로 갈 수 있다).')
    const right = await typeAnswer(wrapper, 'first-close', '서버')
    expect(right).toMatch(/^정답 — 정답: 웹 서버: 연결의 첫 FIN은 65\.208\.228\.223:80에서 왔다\(프레임 40,/)
    expect(right).toContain('웹 서버 측은 응답 메시지의 송신을 완료했을 때 먼저 close를 호출하여 연결을 끊고')
    await question(wrapper, 'client-port').findAll('button.link').find((b) => b.text() === '답 보기')!.trigger('click')
    await flush()
    expect(question(wrapper, 'client-port').get('[data-testid="question-answer"]').text()).toContain('답: 3372')
    expect(question(wrapper, 'client-port').get('[data-testid="question-answer"]').text()).toContain('34–35바이트')
    expect(hasUnresolvedParticle(wrapper.get('[data-testid="questions"]').text())).toBe(false)
    // The scores are the capture's, kept by the engine (answers given in English count too).
    const { scores } = await engine.call('capture.questions', opened.captureId)
    const rightSoFar = Object.values(scores.byQuestion).filter((x) => x.right).length
    expect(rightSoFar).toBeGreaterThanOrEqual(1)
    expect(wrapper.get('[data-testid="questions-score"]').text()).toBe(`2문제 중 ${rightSoFar}문제 정답 (첫 시도에 0문제)`)
  }, 60_000)

  it('opens from the menu: Analyze → Questions on This Capture, its F2, and the native menu\'s command', async () => {
    const wrapper = mountWith(App, context)
    await useCaptureStore().openPath('/fixture')
    await flush()
    const prompt = "Which port did the protocol stack choose for this computer's socket when it connected to the web server 65.208.228.223:80?"
    const promptShown = () => wrapper.find('[data-question="client-port"] .prompt').exists() && wrapper.get('[data-question="client-port"] .prompt').text() === prompt
    const closePanel = async () => {
      await wrapper.get('[data-testid="questions"] button.close').trigger('click')
      await until('the panel closed', () => !wrapper.find('[data-testid="questions"]').exists())
    }
    // The in-page menu bar (the browser shell's).
    await wrapper.get('[data-menu="analyze"]').trigger('click')
    const item = wrapper.get('[data-command="questions"]')
    expect(item.text()).toBe('Questions on This Capture (F2)')
    expect(item.attributes('disabled')).toBeUndefined()
    await item.trigger('click')
    await until('the questions, opened from the menu', promptShown)
    expect(wrapper.find('[role="menu"]').exists()).toBe(false)
    // Chosen again while open, it stays open.
    await wrapper.get('[data-menu="analyze"]').trigger('click')
    await wrapper.get('[data-command="questions"]').trigger('click')
    await flush()
    expect(promptShown()).toBe(true)
    await closePanel()
    // Its shortcut.
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F2', bubbles: true, cancelable: true }))
    await until('the questions, opened with F2', promptShown)
    await closePanel()
    // Electron's native menu sends the command as a menu event.
    context.client.emit('menu', 'questions')
    await until('the questions, opened from the native menu', promptShown)
  }, 60_000)

  it('the menu item is in Korean, and disabled with no capture open', async () => {
    const wrapper = mountWith(App, context)
    await flush()
    useSettingsStore().setLanguage('ko')
    await flush()
    await wrapper.get('[data-menu="analyze"]').trigger('click')
    const item = wrapper.get('[data-command="questions"]')
    expect(item.text()).toBe('이 캡처에 대한 질문 (F2)')
    expect(item.attributes('disabled')).toBeDefined()
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F2', bubbles: true, cancelable: true }))
    await flush()
    expect(wrapper.find('[data-testid="questions"]').exists()).toBe(false)
  })

  it('hands the ticked questions out with the capture, and the handed-out file asks only those', async () => {
    const wrapper = mountWith(App, context)
    const asked: QuestionKind[][] = []
    context.client.handlers['capture.exportQuestions'] = async (_id, kinds) => {
      asked.push(kinds)
      return engine.exportQuestions(opened.captureId, kinds)
    }
    await openPanel(wrapper)
    const handOut = wrapper.get('[data-testid="questions-hand-out"]')
    expect(handOut.findAll('input[type="checkbox"]').map((box) => [box.attributes('data-hand-out'), (box.element as HTMLInputElement).checked])).toEqual([
      ['client-port', true],
      ['first-close', true],
    ])
    await handOut.get('input[data-hand-out="client-port"]').trigger('change')
    await handOut.get('[data-testid="questions-export"]').trigger('click')
    await until('the export', () => wrapper.find('[data-testid="questions-exported"]').exists())
    expect(asked).toEqual([['first-close']])
    const path = wrapper.get('[data-testid="questions-exported"]').text().replace(/^Written: /, '')
    expect(path).toMatch(/first-close\.questions\.pcapng$/)
    // The file handed out, opened: the panel asks its one question and says it was handed out.
    const handedOut = await engine.call('capture.openPath', path)
    context.client.handlers['capture.openPath'] = async () => handedOut
    const h = context.client.handlers
    h['capture.questions'] = () => engine.call('capture.questions', handedOut.captureId)
    await useCaptureStore().openPath('/fixture')
    await until('the handed-out questions', () => wrapper.find('[data-testid="questions-handed-out"]').exists())
    expect(wrapper.get('[data-testid="questions-handed-out"]').text()).toBe('A question set handed out with this capture.')
    expect(wrapper.findAll('[data-question]').map((q) => q.attributes('data-question'))).toEqual(['first-close'])
  }, 60_000)
})
