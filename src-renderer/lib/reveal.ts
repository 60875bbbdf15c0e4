// Scrolls `container` (only it) so that `element`, somewhere inside it, is in view. Not
// Element.scrollIntoView: that also scrolls every scrollable ancestor, including the window's
// overflow-hidden frame, which then stays shifted and hides the top of the app. `topInset`: the
// height a sticky heading covers at the container's top.
export function revealWithin(container: HTMLElement | null, element: Element | null | undefined, topInset = 0): void {
  if (!container || !element) return
  const box = element.getBoundingClientRect()
  const frame = container.getBoundingClientRect()
  const top = frame.top + topInset
  if (box.top < top) container.scrollTop -= top - box.top
  else if (box.bottom > frame.bottom) container.scrollTop += Math.min(box.bottom - frame.bottom, box.top - top)
}
