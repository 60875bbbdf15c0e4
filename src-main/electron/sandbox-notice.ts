// Chromium's sandbox turned off (`--no-sandbox`) is never silent. electron-builder 26.17's AppImage
// launcher (AppRun) adds --no-sandbox by itself when `unshare -Ur true` fails, which is the case on
// Ubuntu 24.04 and later: AppArmor restricts unprivileged user namespaces there, and the setuid
// helper cannot work from an AppImage (mounted nosuid). Wiretrail then says so when it starts and
// lets the user quit (electron/electron#42510, electron-userland/electron-builder#8440). The .deb
// keeps the sandbox (it installs an AppArmor profile); README "Building installers" says what
// restores it for the AppImage.
import type { Language } from '../shared/api.ts'

export interface SandboxNotice {
  message: string
  detail: string
  buttons: [string, string]
  /** Index of the button that goes on without the sandbox. */
  continueId: 0
  quitId: 1
}

/** The notice to show, or null when the sandbox is on. */
export function sandboxNotice(language: Language, context: { noSandbox: boolean; appImage: boolean }): SandboxNotice | null {
  if (!context.noSandbox) return null
  const ko = language === 'ko'
  const why = context.appImage
    ? ko
      ? '이 시스템(Ubuntu 24.04 이상 등)은 AppArmor로 권한 없는 사용자 네임스페이스를 제한하므로, AppImage는 Chromium 샌드박스 없이 시작되었습니다.'
      : 'This system (Ubuntu 24.04 or later, for example) restricts unprivileged user namespaces with AppArmor, so the AppImage started without Chromium’s sandbox.'
    : ko
      ? 'Wiretrail이 --no-sandbox 옵션으로 시작되었습니다.'
      : 'Wiretrail was started with --no-sandbox.'
  const fix = context.appImage
    ? ko
      ? 'Ubuntu와 Debian에서는 .deb 패키지를 설치하면 샌드박스가 유지됩니다. AppImage를 계속 쓰려면 README의 “Building installers”에 있는 AppArmor 프로필을 한 번 설치하세요.'
      : 'On Ubuntu and Debian, install the .deb package instead: it keeps the sandbox. To keep using the AppImage, install the AppArmor profile shown in the README, “Building installers” (once, as administrator).'
    : ko
      ? '샌드박스를 켜려면 --no-sandbox 없이 다시 시작하세요.'
      : 'Start it again without --no-sandbox to turn the sandbox back on.'
  return {
    message: ko ? 'Chromium 샌드박스가 꺼져 있습니다' : 'Chromium’s sandbox is off',
    detail: `${why}\n\n${fix}\n\n${ko ? 'Wiretrail 창은 여전히 Node 없이 격리되어 있지만, 운영체제 수준의 보호는 없습니다.' : 'Wiretrail’s window still runs without Node and in its own isolated world, but without the operating system’s protection.'}`,
    buttons: ko ? ['샌드박스 없이 계속', '종료'] : ['Continue without the sandbox', 'Quit'],
    continueId: 0,
    quitId: 1,
  }
}
