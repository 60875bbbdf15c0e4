// The lab page picker beside the address bar: every lab page with what it shows; choosing one fills
// the address bar for the lab network; the POST form brings its fields, which the user edits and
// which are recorded as the POST's body; the MX lookup is a dns: URI; the keyboard works the list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CONCEPT_IDS } from '../../src-main/shared/concepts.ts'
import { LAB_PAGES, LAB_PAGE_FOR_CONCEPT, LAB_PAGE_IDS } from '../../src-main/shared/lab-pages.ts'
import WtUrlBar from '../../src-renderer/components/WtUrlBar.vue'
import { useRecordFormStore } from '../../src-renderer/stores/record-form.ts'
import { flush, mountWith, setupTest, type TestContext } from './helpers.ts'

describe('the lab pages', () => {
  it('are the ones the issue asks for, and every concept is shown by one of them', () => {
    const urls = LAB_PAGE_IDS.map((id) => LAB_PAGES[id].url)
    for (const url of [
      'http://www.lab.cyber.co.kr/sample.htm',
      'http://www.lab.cyber.co.kr/dir/',
      'http://www.lab.cyber.co.kr/whatisthis',
      'http://www.lab.cyber.co.kr/no-such-page.htm',
      'http://www.lab.cyber.co.kr/gallery.html',
      'http://www.lab.cyber.co.kr/cgi-bin/echo',
      'https://www.lab.cyber.co.kr/sample.htm',
      'http://www.lab.glasscom.com/whatisthis',
      'http://nosuch.lab.cyber.co.kr/',
      'http://www.lab.cyber.co.kr/no-such-host.html',
      'dns:cyber.co.kr?type=MX',
    ]) {
      expect(urls).toContain(url)
    }
    expect(Object.keys(LAB_PAGE_FOR_CONCEPT).sort()).toEqual([...CONCEPT_IDS].sort())
    // Each says what it shows, with the notes' section, in both languages.
    for (const id of LAB_PAGE_IDS) {
      expect(LAB_PAGES[id].shows.en).toMatch(/STORY 0[1-4]|https:/)
      expect(LAB_PAGES[id].shows.ko).toMatch(/[가-힣]/)
    }
  })
})

describe('the picker', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('lists every page with what it shows; choosing one fills the address bar for the lab', async () => {
    const wrapper = mountWith(WtUrlBar, context)
    await flush()
    await wrapper.get('select[name="target"]').setValue('internet')
    await wrapper.get('[data-action="lab-pages"]').trigger('click')
    const options = wrapper.findAll('[role="option"]')
    expect(options.map((option) => option.attributes('data-page'))).toEqual(LAB_PAGE_IDS)
    const gallery = wrapper.get('[data-page="gallery"]')
    expect(gallery.text()).toContain(LAB_PAGES.gallery.title.en)
    expect(gallery.text()).toContain('One request per file')
    expect(gallery.text()).toContain('http://www.lab.cyber.co.kr/gallery.html')
    await gallery.trigger('click')
    expect((wrapper.get('input[name="url"]').element as HTMLInputElement).value).toBe('http://www.lab.cyber.co.kr/gallery.html')
    expect((wrapper.get('select[name="target"]').element as HTMLSelectElement).value).toBe('lab')
    expect(wrapper.find('[role="listbox"]').exists()).toBe(false)
    expect(useRecordFormStore().labPage).toBe('gallery')
  })

  it('the POST form: its fields are shown, edited, and recorded as the POST body', async () => {
    const wrapper = mountWith(WtUrlBar, context)
    await flush()
    await wrapper.get('[data-action="lab-pages"]').trigger('click')
    await wrapper.get('[data-page="form"]').trigger('click')
    const form = wrapper.get('[data-testid="post-form"]')
    expect(form.findAll('input').map((input) => [input.attributes('name'), (input.element as HTMLInputElement).value])).toEqual([
      ['form-name', '홍길동'],
      ['form-message', 'hello, lab & friends'],
    ])
    expect(wrapper.get('[data-testid="record"]').text()).toBe('Record POST')
    await form.get('input[name="form-message"]').setValue('안녕, 실습실')
    await wrapper.get('form').trigger('submit')
    await flush()
    expect(context.client.callsOf('capture.record')).toEqual([
      [
        {
          url: 'http://www.lab.cyber.co.kr/cgi-bin/echo',
          target: 'lab',
          resolverMode: 'nearby',
          format: 'pcapng',
          method: 'POST',
          form: [
            ['name', '홍길동'],
            ['message', '안녕, 실습실'],
          ],
        },
      ],
    ])
  })

  it('typing another URL drops the form: a GET has no body', async () => {
    const wrapper = mountWith(WtUrlBar, context)
    await flush()
    useRecordFormStore().choose('form')
    await flush()
    expect(wrapper.find('[data-testid="post-form"]').exists()).toBe(true)
    await wrapper.get('input[name="url"]').setValue('http://www.lab.cyber.co.kr/sample.htm')
    await flush()
    expect(wrapper.find('[data-testid="post-form"]').exists()).toBe(false)
    expect(useRecordFormStore().request).toEqual({ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'nearby', format: 'pcapng' })
  })

  it('the MX lookup is a dns: URI; pages go through the nearby DNS server, the dig +trace page walks from this computer', async () => {
    const form = useRecordFormStore()
    form.choose('mx')
    expect(form.request).toEqual({ url: 'dns:cyber.co.kr?type=MX', target: 'lab', resolverMode: 'nearby', format: 'pcapng' })
    form.choose('iterative')
    expect(form.request.resolverMode).toBe('iterative')
    expect(form.labPage).toBe('iterative')
    form.choose('sample')
    expect(form.request.resolverMode).toBe('nearby')
    expect(form.labPage).toBe('sample')
  })

  it('the keyboard: ↓ ↑ move through the list, Enter chooses, Escape closes', async () => {
    const wrapper = mountWith(WtUrlBar, context, { language: 'ko' })
    await flush()
    await wrapper.get('[data-action="lab-pages"]').trigger('click')
    await flush()
    expect(document.activeElement?.getAttribute('data-page')).toBe('sample')
    expect(wrapper.get('[data-page="mx"]').text()).toContain('cyber.co.kr의 MX 조회')
    const list = wrapper.get('[data-testid="lab-pages"]')
    await list.trigger('keydown', { key: 'ArrowDown' })
    await list.trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement?.getAttribute('data-page')).toBe(LAB_PAGE_IDS[2])
    ;(document.activeElement as HTMLElement).click()
    expect(useRecordFormStore().labPage).toBe(LAB_PAGE_IDS[2])
    await wrapper.get('[data-action="lab-pages"]').trigger('click')
    await list.trigger('keydown', { key: 'Escape' })
    expect(wrapper.find('[role="listbox"]').exists()).toBe(false)
  })
})
