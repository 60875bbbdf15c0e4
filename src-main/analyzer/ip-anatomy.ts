// The IP-anatomy step's words (STORY 02 §1): this computer's address split by its netmask into the
// network number and the host number, in the notes' notations (a)–(e), and whether each server is
// on the same subnet (the packets go to it directly) or beyond a router. On loopback it says what
// loopback is and does the same for the computer's real interface, from the recording's journal.
import type { HostInterface, LocalizedText } from '../shared/walkthrough.ts'
import { ipv4Network, isLoopback, notations, parseCidr, parseIpv4, sameSubnet, splitParts, type Ipv4Network } from '../shared/ipv4.ts'
import { withParticles } from '../shared/korean.ts'

export interface AddressingInput {
  /** This computer's address as the packets show it (the first client address). */
  local: string
  /** The recording host's interfaces (journal), empty for a capture made by another tool. */
  interfaces: readonly HostInterface[]
  /** Servers it talked to, by role, in the order they were first seen. */
  servers: readonly { address: string; role: 'web' | 'dns' }[]
}

export interface Addressing {
  network: Ipv4Network
  /** Where the netmask came from: the interface that has the address, or an assumption (no
   * packet carries a netmask). */
  interfaceName: string | null
  loopback: boolean
  /** On loopback: the computer's first interface that leaves the machine, split the same way. */
  real: { name: string; network: Ipv4Network } | null
  servers: { address: string; role: 'web' | 'dns'; onLink: boolean }[]
}

/** The prefix assumed when the capture does not say (a home or office LAN's usual /24). */
const ASSUMED_PREFIX = 24

export function addressingOf(input: AddressingInput): Addressing | null {
  if (parseIpv4(input.local) === null) return null
  const v4 = input.interfaces.filter((i) => i.family === 4)
  const loopback = isLoopback(input.local)
  const own = v4.find((i) => i.address === input.local) ?? (loopback ? v4.find((i) => i.internal && isLoopback(i.address)) : undefined)
  const prefix = own ? (parseCidr(own.cidr)?.prefix ?? ASSUMED_PREFIX) : loopback ? 8 : ASSUMED_PREFIX
  const network = ipv4Network(input.local, prefix)!
  const realIface = loopback ? v4.find((i) => !i.internal && parseCidr(i.cidr) !== null) : undefined
  const seen = new Set<string>()
  const servers = input.servers.filter((s) => parseIpv4(s.address) !== null && !seen.has(s.address) && seen.add(s.address))
  return {
    network,
    interfaceName: own?.name ?? null,
    loopback,
    real: realIface ? { name: realIface.name, network: parseCidr(realIface.cidr)! } : null,
    servers: servers.map((s) => ({ ...s, onLink: sameSubnet(input.local, s.address, prefix) })),
  }
}

function split(n: Ipv4Network): LocalizedText {
  const parts = splitParts(n)
  const x = notations(n)
  const hostBits = 32 - n.prefix
  return {
    en: `(a) ${x.a} (b) ${x.b} (c) ${x.c}: network number ${parts.network || '(none)'} (the first ${n.prefix} bits), host number ${parts.host || '(none)'} (the other ${hostBits}). (d) ${x.d} is the subnet itself (host bits all 0), (e) ${x.e} its broadcast address (host bits all 1).`,
    ko: `(a) ${x.a} (b) ${x.b} (c) ${x.c}: 네트워크 번호 ${parts.network || '(없음)'}(앞 ${n.prefix}비트), 호스트 번호 ${parts.host || '(없음)'}(나머지 ${hostBits}비트). (d) ${x.d}은(는) 서브넷 자체(호스트 번호 비트가 모두 0), (e) ${x.e}은(는) 그 서브넷의 브로드캐스트 주소(모두 1)이다.`,
  }
}

/** The step's title and detail. */
export function describeAddressing(a: Addressing): { title: LocalizedText; detail: LocalizedText } {
  const n = a.network
  const own = split(n)
  const source: LocalizedText = a.interfaceName
    ? { en: `The netmask is interface ${a.interfaceName}'s, from the recording's journal.`, ko: `넷마스크는 기록 당시 인터페이스 ${a.interfaceName}의 것이다(저널).` }
    : { en: `No packet carries the netmask: /${n.prefix} is assumed.`, ko: `넷마스크는 패킷에 실려 있지 않으므로 /${n.prefix}로 가정했다.` }
  const serversEn: string[] = []
  const serversKo: string[] = []
  for (const onLink of [true, false]) {
    const group = a.servers.filter((s) => s.onLink === onLink)
    if (group.length === 0) continue
    const web = group.filter((s) => s.role === 'web').map((s) => s.address)
    const dns = group.filter((s) => s.role === 'dns').map((s) => s.address)
    const list = (xs: string[]) => `${xs.slice(0, 3).join(', ')}${xs.length > 3 ? ', …' : ''}`
    const en = [web.length ? `the web server${web.length > 1 ? 's' : ''} ${list(web)}` : '', dns.length ? `the DNS server${dns.length > 1 ? 's' : ''} ${list(dns)}` : ''].filter(Boolean).join(' and ')
    const ko = [web.length ? `웹 서버 ${list(web)}` : '', dns.length ? `DNS 서버 ${list(dns)}` : ''].filter(Boolean).join(', ')
    const many = group.length > 1
    serversEn.push(`${en[0]!.toUpperCase()}${en.slice(1)} ${many ? 'are' : 'is'} ${onLink ? `on the same subnet: the packets go to ${many ? 'them' : 'it'} directly, without a router` : `on ${many ? 'other subnets' : 'another subnet'}: the packets go through a router`}.`)
    serversKo.push(`${ko}은(는) ${onLink ? '같은 서브넷에 있어 라우터를 거치지 않고 바로 전달된다' : '다른 서브넷에 있어 라우터를 거쳐 전달된다'}.`)
  }
  let loopEn = ''
  let loopKo = ''
  if (a.loopback) {
    loopEn = ` ${n.network}/${n.prefix} is loopback: the operating system hands these packets straight back to this computer, so they never reach a cable, a hub or a router — the lab's servers all live here.`
    loopKo = ` ${n.network}/${n.prefix}은(는) 루프백이다. OS가 이 패킷을 컴퓨터 안에서 바로 되돌려 주므로 케이블이나 허브, 라우터로 나가지 않는다. 실습 네트워크의 서버는 모두 여기에 있다.`
    if (a.real) {
      const r = split(a.real.network)
      loopEn += ` This computer's real interface ${a.real.name} is split the same way: ${r.en} A server outside ${a.real.network.network}/${a.real.network.prefix} is reached through a router.`
      loopKo += ` 이 컴퓨터의 실제 인터페이스 ${a.real.name}도 같은 방법으로 나뉜다: ${r.ko} ${a.real.network.network}/${a.real.network.prefix} 밖의 서버는 라우터를 거쳐 간다.`
    } else {
      loopEn += ' The recording lists no interface that leaves this computer.'
      loopKo += ' 기록에는 컴퓨터 밖으로 나가는 인터페이스가 없다.'
    }
  }
  return {
    title: { en: `This computer's IP address: ${n.address}/${n.prefix}`, ko: `이 컴퓨터의 IP 주소: ${n.address}/${n.prefix}` },
    detail: {
      en: [own.en, source.en, ...serversEn].join(' ') + loopEn,
      ko: withParticles([own.ko, source.ko, ...serversKo].join(' ') + loopKo),
    },
  }
}
