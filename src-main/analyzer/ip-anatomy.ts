// The IP-anatomy step's words (STORY 02 §1): this computer's address split by its netmask into the
// network number and the host number, in the notes' notations (a)–(e), and whether each server is
// on the same subnet (the packets go to it directly) or beyond a router. On loopback it says what
// loopback is and does the same for the computer's real interface, from the recording's journal.
// Loopback is judged by 127.0.0.0/8, not by the interface's netmask: the internet replica puts its
// addresses on lo as /32s (127.100.0.2/32), and by that netmask every other server would be "on
// another subnet, through a router" — untrue of packets that never leave this computer.
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
  /** The recording's target (journal), null for a capture made by another tool: says whose
   * servers run on loopback (the lab's, or those the internet target was pointed at). */
  target?: 'lab' | 'internet' | null
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
  target: 'lab' | 'internet' | null
}

/** All of loopback: every 127.x.y.z address is this computer's, whatever netmask lo lists. */
const LOOPBACK_PREFIX = 8

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
    servers: servers.map((s) => ({ ...s, onLink: sameSubnet(input.local, s.address, loopback ? LOOPBACK_PREFIX : prefix) })),
    target: input.target ?? null,
  }
}

function split(n: Ipv4Network): LocalizedText {
  const parts = splitParts(n)
  const x = notations(n)
  const hostBits = 32 - n.prefix
  // A /32 has no host bits: (d) and (e) would both be the address itself, which is neither.
  if (hostBits === 0) {
    return {
      en: `(a) ${x.a} (b) ${x.b} (c) ${x.c}: network number ${parts.network} (all 32 bits), host number (none). A /32 names this one address alone: no other host shares it, so it has no subnet address and no broadcast address of its own.`,
      ko: `(a) ${x.a} (b) ${x.b} (c) ${x.c}: 네트워크 번호 ${parts.network}(32비트 전부), 호스트 번호 (없음). /32는 이 주소 하나만을 가리킨다. 함께 쓰는 호스트가 없으므로 서브넷 주소도 브로드캐스트 주소도 따로 없다.`,
    }
  }
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
  const list = (xs: string[]) => `${xs.slice(0, 3).join(', ')}${xs.length > 3 ? ', …' : ''}`
  // A server at this very address (the replica's root b answers at the address the client's
  // sockets take): the same computer, whatever the netmask.
  const itself = a.servers.filter((s) => s.address === n.address)
  if (itself.length > 0) {
    const roles = [...new Set(itself.map((s) => s.role))]
    const en = roles.map((r) => (r === 'web' ? 'web' : 'DNS')).join(' and ')
    const ko = roles.map((r) => (r === 'web' ? '웹' : 'DNS')).join('·')
    serversEn.push(`The ${en} server ${n.address} has this computer's own address: it runs on this computer, and the packets to it never leave it.`)
    serversKo.push(`${ko} 서버 ${n.address}은(는) 이 컴퓨터 자신의 주소를 쓴다. 이 컴퓨터에서 실행되는 서버이므로 패킷이 컴퓨터 밖으로 나가지 않는다.`)
  }
  for (const onLink of [true, false]) {
    const group = a.servers.filter((s) => s.onLink === onLink && s.address !== n.address)
    if (group.length === 0) continue
    const web = group.filter((s) => s.role === 'web').map((s) => s.address)
    const dns = group.filter((s) => s.role === 'dns').map((s) => s.address)
    const en = [web.length ? `the web server${web.length > 1 ? 's' : ''} ${list(web)}` : '', dns.length ? `the DNS server${dns.length > 1 ? 's' : ''} ${list(dns)}` : ''].filter(Boolean).join(' and ')
    const ko = [web.length ? `웹 서버 ${list(web)}` : '', dns.length ? `DNS 서버 ${list(dns)}` : ''].filter(Boolean).join(', ')
    const many = group.length > 1
    const them = many ? 'them' : 'it'
    const sameEn = a.loopback ? `on the same subnet, 127.0.0.0/8 (loopback): the packets go to ${them} without leaving this computer, so no router is involved` : `on the same subnet: the packets go to ${them} directly, without a router`
    const sameKo = a.loopback ? '같은 서브넷인 127.0.0.0/8(루프백)에 있어 패킷이 이 컴퓨터 밖으로 나가지 않으므로 라우터를 거치지 않는다' : '같은 서브넷에 있어 라우터를 거치지 않고 바로 전달된다'
    serversEn.push(`${en[0]!.toUpperCase()}${en.slice(1)} ${many ? 'are' : 'is'} ${onLink ? sameEn : `on ${many ? 'other subnets' : 'another subnet'}: the packets go through a router`}.`)
    serversKo.push(`${ko}은(는) ${onLink ? sameKo : '다른 서브넷에 있어 라우터를 거쳐 전달된다'}.`)
  }
  let loopEn = ''
  let loopKo = ''
  if (a.loopback) {
    const whose: LocalizedText =
      a.target === 'lab'
        ? { en: "the lab's servers all live here.", ko: '실습 네트워크의 서버는 모두 여기에 있다.' }
        : a.target === 'internet'
          ? { en: 'the servers this recording reached run here too: a replica of the internet on this computer, not the real internet.', ko: '이 기록이 찾아간 서버도 모두 이 컴퓨터에서 실행된다. 실제 인터넷이 아니라 이 컴퓨터의 루프백 위에 만든 인터넷 복제본이다.' }
          : { en: 'the servers these packets reach run here too.', ko: '이 패킷이 가는 서버도 모두 이 컴퓨터에서 실행된다.' }
    const handsBackEn = 'the operating system hands these packets straight back to this computer, so they never reach a cable, a hub or a router'
    const handsBackKo = 'OS가 이 패킷을 컴퓨터 안에서 바로 되돌려 주므로 케이블이나 허브, 라우터로 나가지 않는다.'
    if (n.prefix <= LOOPBACK_PREFIX) {
      loopEn = ` ${n.network}/${n.prefix} is loopback: ${handsBackEn} — ${whose.en}`
      loopKo = ` ${n.network}/${n.prefix}은(는) 루프백이다. ${handsBackKo} ${whose.ko}`
    } else {
      // lo lists the address with a longer netmask (the replica's /32s), yet all of 127.0.0.0/8 is
      // loopback: the "same subnet" above is that, not a network of separate machines.
      const listed = a.interfaceName ? { en: `interface ${a.interfaceName} lists it as ${n.address}/${n.prefix}`, ko: `인터페이스 ${a.interfaceName}에는 ${n.address}/${n.prefix}(으)로 등록되어 있지만` } : { en: `its netmask is /${n.prefix}`, ko: `넷마스크는 /${n.prefix}이지만` }
      const anyServer = a.servers.some((s) => s.onLink)
      loopEn = ` ${n.address} is a loopback address: ${listed.en}, but all of 127.0.0.0/8 is loopback${anyServer ? ', the servers above included' : ''}, so "the same subnet" here is 127.0.0.0/8, not a network of separate machines. ${handsBackEn[0]!.toUpperCase()}${handsBackEn.slice(1)} — ${whose.en}`
      loopKo = ` ${n.address}은(는) 루프백 주소다. ${listed.ko} 127.0.0.0/8 전체가 ${anyServer ? '루프백이고 위의 서버들도 그 안에 있으므로' : '루프백이므로'}, 여기서 말하는 '같은 서브넷'은 서로 다른 기계들의 네트워크가 아니라 127.0.0.0/8이다. ${handsBackKo} ${whose.ko}`
    }
    if (a.real) {
      const r = split(a.real.network)
      loopEn += ` This computer's real interface ${a.real.name} is split the same way: ${r.en} A server outside ${a.real.network.network}/${a.real.network.prefix} is reached through a router.`
      loopKo += ` 이 컴퓨터의 실제 인터페이스 ${a.real.name}도 같은 방법으로 나뉜다: ${r.ko} ${a.real.network.network}/${a.real.network.prefix} 밖의 서버는 라우터를 거쳐 간다.`
    } else {
      loopEn += ' The recording lists no interface that leaves this computer. On a real network the packets would leave through one: straight to a server on its subnet, through a router to any other.'
      loopKo += ' 기록에는 컴퓨터 밖으로 나가는 인터페이스가 없다. 실제 네트워크라면 패킷은 그런 인터페이스로 나가, 같은 서브넷의 서버에는 바로, 그 밖의 서버에는 라우터를 거쳐 전달된다.'
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
