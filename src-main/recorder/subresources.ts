// The files a page needs besides itself (STORY 01 §6: one request per file): img, stylesheet and
// icon links, scripts and iframes, found with a real HTML parser (parse5, as browsers tokenise) and
// resolved against the page's URL (or its <base href>), in document order, each URL once.
import { parse, type DefaultTreeAdapterMap } from 'parse5'
import type { RequestDestination } from '../http/request.ts'
import { resolveReference, type WebUrl } from '../url/index.ts'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

export interface Subresource {
  /** The element and attribute it came from: "img src". */
  from: string
  /** The attribute's text as written in the page. */
  reference: string
  destination: RequestDestination
  /** The resolved URL, or the reason it could not be resolved (a bad URL in the page). */
  url: WebUrl | null
  error?: { code: string; message: string }
}

/** Link relations a browser fetches while loading (others, like "canonical", are only metadata). */
const FETCHED_LINK_RELS = new Set(['stylesheet', 'icon', 'shortcut', 'apple-touch-icon', 'preload', 'modulepreload'])

export function findSubresources(html: string, page: WebUrl): Subresource[] {
  const document = parse(html)
  const elements: Element[] = []
  collect(document, elements)
  const baseHref = elements.find((e) => e.tagName === 'base' && attr(e, 'href') !== null)
  let base = page
  if (baseHref !== undefined) {
    try {
      base = resolveReference(page, attr(baseHref, 'href') as string)
    } catch {
      // An unusable <base href> is ignored, as browsers do.
    }
  }
  const seen = new Set<string>()
  const found: Subresource[] = []
  for (const element of elements) {
    const candidate = candidateOf(element)
    if (candidate === null) continue
    const [attribute, destination] = candidate
    const reference = (attr(element, attribute) as string).trim()
    if (reference === '' || reference.startsWith('data:') || reference.startsWith('javascript:')) continue
    const from = `${element.tagName} ${attribute}`
    try {
      const url = resolveReference(base, reference)
      if (seen.has(url.href)) continue
      seen.add(url.href)
      found.push({ from, reference, destination, url })
    } catch (error) {
      const { code = 'URL_BAD', message = String(error) } = error as { code?: string; message?: string }
      found.push({ from, reference, destination, url: null, error: { code, message } })
    }
  }
  return found
}

function candidateOf(element: Element): [string, RequestDestination] | null {
  switch (element.tagName) {
    case 'img':
      return attr(element, 'src') !== null ? ['src', 'image'] : null
    case 'script':
      return attr(element, 'src') !== null ? ['src', 'script'] : null
    case 'iframe':
      return attr(element, 'src') !== null ? ['src', 'iframe'] : null
    case 'link': {
      const rels = (attr(element, 'rel') ?? '').toLowerCase().split(/\s+/)
      if (attr(element, 'href') === null || !rels.some((r) => FETCHED_LINK_RELS.has(r))) return null
      return ['href', rels.includes('stylesheet') ? 'style' : rels.includes('icon') || rels.includes('apple-touch-icon') ? 'image' : 'other']
    }
    default:
      return null
  }
}

function collect(node: Node, out: Element[]): void {
  if ('tagName' in node) out.push(node)
  const children = 'childNodes' in node ? node.childNodes : []
  // <template> content is inert (never fetched), and parse5 keeps it outside childNodes.
  for (const child of children) collect(child, out)
}

function attr(element: Element, name: string): string | null {
  return element.attrs.find((a) => a.name === name)?.value ?? null
}
