// What the next recording will be: the address bar's URL and options, and the lab page chosen
// from the picker (its POST form's fields, which the user may edit). The address bar, the lab page
// picker and the step outline ("record this page to see it") all set it; Record sends it.
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { CaptureFormat, PacketsSource, RecordMethod, RecordRequest, ResolverMode, Target } from '../../src-main/shared/api.ts'
import { LAB_PAGES, LAB_PAGE_IDS, type LabPageId } from '../../src-main/shared/lab-pages.ts'
import { useCaptureStore } from './capture.ts'

export interface FormField {
  name: string
  value: string
}

export const useRecordFormStore = defineStore('record-form', () => {
  const capture = useCaptureStore()
  const url = ref(capture.defaultUrl)
  const target = ref<Target>('lab')
  // As in the notes: ask the nearby DNS server (the lab's; the internet target has none).
  const resolverMode = ref<ResolverMode>('nearby')
  const format = ref<CaptureFormat>('pcapng')
  const packets = ref<PacketsSource>('synthesized')
  /** Internet target, iterative: a root hints file to start from (empty: IANA's, built in). */
  const rootHints = ref('')
  /** The POST form's fields (the form page's), edited in place; empty for a GET. */
  const fields = ref<FormField[]>([])
  const method = ref<RecordMethod>('GET')
  /** A PUT's body (the file's new content; the methods experiment sets it). */
  const body = ref('')

  /** The lab page the form describes now: chosen from the picker and not edited away since. */
  const labPage = computed<LabPageId | null>(() => {
    if (target.value !== 'lab') return null
    return (
      LAB_PAGE_IDS.find((id) => {
        const page = LAB_PAGES[id]
        return page.url === url.value.trim() && ('method' in page ? page.method : 'GET') === method.value && ('resolverMode' in page ? page.resolverMode : 'nearby') === resolverMode.value
      }) ?? null
    )
  })

  // The nearby DNS server is the lab's: on the internet, this computer walks from the root.
  watch(target, (value) => {
    if (value === 'internet' && resolverMode.value === 'nearby') resolverMode.value = 'iterative'
  })

  // app.info arrives after the first render: fill the default in unless the user typed already.
  watch(
    () => capture.defaultUrl,
    (value) => {
      if (url.value === '') url.value = value
    },
  )

  /** Fills everything in for a lab page (the lab network, its URL, method, form and resolver). */
  function choose(id: LabPageId): void {
    const page = LAB_PAGES[id]
    target.value = 'lab'
    url.value = page.url
    resolverMode.value = 'resolverMode' in page ? page.resolverMode : 'nearby'
    method.value = 'method' in page ? page.method : 'GET'
    fields.value = 'form' in page ? page.form.map(([name, value]) => ({ name, value })) : []
    body.value = ''
  }

  /** The URL was typed by hand: a method, form or body belongs to the page it came with, so they go. */
  function setUrl(value: string): void {
    url.value = value
    if (method.value !== 'GET' && labPage.value === null) {
      method.value = 'GET'
      fields.value = []
      body.value = ''
    }
  }

  const request = computed<RecordRequest>(() => ({
    url: url.value.trim(),
    target: target.value,
    resolverMode: resolverMode.value,
    format: format.value,
    ...(packets.value === 'kernel' ? { packets: 'kernel' as const } : {}),
    ...(target.value === 'internet' && resolverMode.value === 'iterative' && rootHints.value.trim() !== '' ? { rootHints: rootHints.value.trim() } : {}),
    ...(method.value === 'POST'
      ? { method: 'POST' as const, form: fields.value.map((field): [string, string] => [field.name, field.value]) }
      : method.value === 'PUT'
        ? { method: 'PUT' as const, body: body.value }
        : method.value !== 'GET'
          ? { method: method.value }
          : {}),
  }))

  function record(): Promise<boolean> {
    if (request.value.url === '') return Promise.resolve(false)
    return capture.record(request.value)
  }

  return { url, target, resolverMode, rootHints, format, packets, fields, method, body, labPage, request, choose, setUrl, record }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useRecordFormStore, import.meta.hot))
