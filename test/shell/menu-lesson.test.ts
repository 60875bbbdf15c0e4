// The View menu as data (Electron builds its native menu from it): Presenter View with F5 and the
// Step Outline, in both languages, sending the commands the renderer acts on.
import { describe, expect, it } from 'vitest'
import { buildMenuModel, flattenMenu } from '../../src-main/services/menu-model.ts'

describe('the View menu', () => {
  it('has Presenter View (F5) and Step Outline, in English and Korean', () => {
    const find = (language: 'en' | 'ko', id: string) => flattenMenu(buildMenuModel({ preferences: { language, theme: 'system' }, recent: [], platform: 'linux', captureOpen: true }).menus).find((item) => item.id === id)
    expect(find('en', 'view.presenter')).toMatchObject({ label: 'Presenter View', accelerator: 'F5', command: 'presenter' })
    expect(find('ko', 'view.presenter')).toMatchObject({ label: '발표자 보기', accelerator: 'F5', command: 'presenter' })
    expect(find('en', 'view.outline')).toMatchObject({ label: 'Step Outline', command: 'toggle-outline' })
    expect(find('ko', 'view.outline')?.label).toBe('단계 목차')
  })
})
