// Scrolls `container` (only it) so that `element`, somewhere inside it, is in view. Not
// Element.scrollIntoView: that also scrolls every scrollable ancestor, including the window's
// overflow-hidden frame, which then stays shifted and hides the top of the app.
export function revealWithin(container: HTMLElement | null, element: Element | null | undefined): void {
  if (!container || !element) return
  const box = element.getBoundingClientRect()
  const frame = container.getBoundingClientRect()
  if (box.top < frame.top) container.scrollTop -= frame.top - box.top
  else if (box.bottom > frame.bottom) container.scrollTop += Math.min(box.bottom - frame.bottom, box.top - frame.top)
}
