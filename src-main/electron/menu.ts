// The menu model (services/menu-model.ts) as Electron's native menu. Adds what only a native menu
// needs: macOS's application menu, and an Edit menu (without it, copy and paste in the URL bar do
// not work on macOS).
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuModel, MenuModelItem } from '../shared/api.ts'

export function menuTemplate(model: MenuModel, platform: NodeJS.Platform, onItem: (item: MenuModelItem) => void): MenuItemConstructorOptions[] {
  const convert = (item: MenuModelItem): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator', id: item.id }
    const options: MenuItemConstructorOptions = { id: item.id, label: item.label }
    if (item.type === 'radio') options.type = 'radio'
    if (item.checked !== undefined) options.checked = item.checked
    if (item.enabled !== undefined) options.enabled = item.enabled
    if (item.accelerator !== undefined) options.accelerator = item.accelerator
    if (item.submenu !== undefined) options.submenu = item.submenu.map(convert)
    else options.click = () => onItem(item)
    return options
  }
  const [file, ...rest] = model.menus.map(convert)
  const edit: MenuItemConstructorOptions = { role: 'editMenu', label: model.language === 'ko' ? '편집(&E)' : '&Edit' }
  const app: MenuItemConstructorOptions[] = platform === 'darwin' ? [{ role: 'appMenu' }] : []
  return [...app, ...(file !== undefined ? [file] : []), edit, ...rest]
}
