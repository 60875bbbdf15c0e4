// The IP-anatomy step (STORY 02 §1): this computer's address split by its netmask in the notes'
// notations, the subnet and its broadcast, which servers are on the same subnet and which are
// behind a router; on loopback, what loopback is and the same split for the real interface.
import { describe, expect, it } from 'vitest'
import { addressingOf, describeAddressing } from '../../src-main/analyzer/ip-anatomy.ts'
import { hasUnresolvedParticle } from '../../src-main/shared/korean.ts'
import type { HostInterface } from '../../src-main/shared/walkthrough.ts'

const iface = (name: string, cidr: string, internal = false): HostInterface => ({ name, address: cidr.split('/')[0]!, cidr, family: 4, internal })

describe('the IP-anatomy step', () => {
  it('splits a LAN address by its interface\'s netmask and tells the servers on the subnet from those behind a router', () => {
    const a = addressingOf({
      local: '192.168.1.20',
      interfaces: [iface('lo', '127.0.0.1/8', true), iface('eth0', '192.168.1.20/24')],
      servers: [
        { address: '192.168.1.5', role: 'web' },
        { address: '10.0.0.53', role: 'dns' },
      ],
    })!
    const { title, detail } = describeAddressing(a)
    expect(title).toEqual({ en: "This computer's IP address: 192.168.1.20/24", ko: '이 컴퓨터의 IP 주소: 192.168.1.20/24' })
    // (a)–(e) as the notes write them; 192.168.1 is the network number, 20 the host number.
    expect(detail.en).toContain('(a) 192.168.1.20 (b) 192.168.1.20/255.255.255.0 (c) 192.168.1.20/24: network number 192.168.1 (the first 24 bits), host number 20 (the other 8).')
    expect(detail.en).toContain('(d) 192.168.1.0/24 is the subnet itself (host bits all 0), (e) 192.168.1.255/24 its broadcast address (host bits all 1).')
    expect(detail.en).toContain("The netmask is interface eth0's, from the recording's journal.")
    expect(detail.en).toContain('The web server 192.168.1.5 is on the same subnet: the packets go to it directly, without a router.')
    expect(detail.en).toContain('The DNS server 10.0.0.53 is on another subnet: the packets go through a router.')
    expect(detail.en).not.toContain('loopback')
    expect(detail.ko).toContain('네트워크 번호 192.168.1(앞 24비트), 호스트 번호 20(나머지 8비트)')
    // Particles after the addresses as they are read: /24 → 이십사 → 는, .5 → 오 → 는, .53 → 오십삼 → 은.
    expect(detail.ko).toContain('(d) 192.168.1.0/24는 서브넷 자체')
    expect(detail.ko).toContain('(e) 192.168.1.255/24는 그 서브넷의 브로드캐스트 주소')
    expect(detail.ko).toContain('웹 서버 192.168.1.5는 같은 서브넷에 있어 라우터를 거치지 않고 바로 전달된다.')
    expect(detail.ko).toContain('DNS 서버 10.0.0.53은 다른 서브넷에 있어 라우터를 거쳐 전달된다.')
    expect(hasUnresolvedParticle(detail.ko)).toBe(false)
  })

  it('splits a netmask that is not a whole number of bytes in bits', () => {
    const { detail } = describeAddressing(addressingOf({ local: '10.1.2.3', interfaces: [iface('wlan0', '10.1.2.3/20')], servers: [{ address: '10.1.15.254', role: 'web' }, { address: '10.1.16.1', role: 'dns' }] })!)
    expect(detail.en).toContain('(b) 10.1.2.3/255.255.240.0')
    expect(detail.en).toContain('network number 00001010 00000001 0000 (the first 20 bits), host number 0010 00000011 (the other 12)')
    expect(detail.en).toContain('(d) 10.1.0.0/20 is the subnet itself')
    expect(detail.en).toContain('(e) 10.1.15.255/20 its broadcast address')
    expect(detail.en).toContain('The web server 10.1.15.254 is on the same subnet')
    expect(detail.en).toContain('The DNS server 10.1.16.1 is on another subnet')
  })

  it('on loopback says what loopback is, and splits the real interface from the journal the same way', () => {
    const a = addressingOf({
      local: '127.0.0.1',
      interfaces: [iface('lo', '127.0.0.1/8', true), iface('enp3s0', '172.16.5.9/16')],
      servers: [{ address: '127.53.4.80', role: 'web' }],
    })!
    const { title, detail } = describeAddressing(a)
    expect(title.en).toBe("This computer's IP address: 127.0.0.1/8")
    expect(detail.en).toContain('The web server 127.53.4.80 is on the same subnet')
    expect(detail.en).toContain('127.0.0.0/8 is loopback: the operating system hands these packets straight back to this computer, so they never reach a cable, a hub or a router')
    expect(detail.en).toContain("This computer's real interface enp3s0 is split the same way: (a) 172.16.5.9 (b) 172.16.5.9/255.255.0.0 (c) 172.16.5.9/16: network number 172.16 (the first 16 bits), host number 5.9 (the other 16).")
    expect(detail.en).toContain('(e) 172.16.255.255/16 its broadcast address')
    expect(detail.en).toContain('A server outside 172.16.0.0/16 is reached through a router.')
    expect(detail.ko).toContain('127.0.0.0/8은 루프백이다.')
    expect(detail.ko).toContain('이 컴퓨터의 실제 인터페이스 enp3s0도 같은 방법으로 나뉜다')
    expect(hasUnresolvedParticle(detail.ko)).toBe(false)
  })

  it('on the internet replica\'s loopback /32s says exactly what is true: one address, all of 127.0.0.0/8 is loopback, no router, and what a real network does', () => {
    // As the replica's journal lists lo (its addresses added as /32s) and the first query's source
    // is the address of the root it asks (b.root-servers.net., 127.100.0.2).
    const a = addressingOf({
      local: '127.100.0.2',
      target: 'internet',
      interfaces: [iface('lo', '127.0.0.1/8', true), iface('lo', '127.100.0.1/32', true), iface('lo', '127.100.0.2/32', true), iface('lo', '127.100.9.1/32', true)],
      servers: [
        { address: '127.100.9.1', role: 'web' },
        { address: '127.100.0.2', role: 'dns' },
        { address: '127.100.1.1', role: 'dns' },
        { address: '127.100.0.1', role: 'dns' },
      ],
    })!
    const { title, detail } = describeAddressing(a)
    expect(title).toEqual({ en: "This computer's IP address: 127.100.0.2/32", ko: '이 컴퓨터의 IP 주소: 127.100.0.2/32' })
    expect(detail.en).toBe(
      '(a) 127.100.0.2 (b) 127.100.0.2/255.255.255.255 (c) 127.100.0.2/32: network number 127.100.0.2 (all 32 bits), host number (none). ' +
        'A /32 names this one address alone: no other host shares it, so it has no subnet address and no broadcast address of its own. ' +
        "The netmask is interface lo's, from the recording's journal. " +
        "The DNS server 127.100.0.2 has this computer's own address: it runs on this computer, and the packets to it never leave it. " +
        'The web server 127.100.9.1 and the DNS servers 127.100.1.1, 127.100.0.1 are on the same subnet, 127.0.0.0/8 (loopback): the packets go to them without leaving this computer, so no router is involved. ' +
        '127.100.0.2 is a loopback address: interface lo lists it as 127.100.0.2/32, but all of 127.0.0.0/8 is loopback, the servers above included, so "the same subnet" here is 127.0.0.0/8, not a network of separate machines. ' +
        'The operating system hands these packets straight back to this computer, so they never reach a cable, a hub or a router — the servers this recording reached run here too: a replica of the internet on this computer, not the real internet. ' +
        'The recording lists no interface that leaves this computer. On a real network the packets would leave through one: straight to a server on its subnet, through a router to any other.',
    )
    expect(detail.ko).toBe(
      '(a) 127.100.0.2 (b) 127.100.0.2/255.255.255.255 (c) 127.100.0.2/32: 네트워크 번호 127.100.0.2(32비트 전부), 호스트 번호 (없음). ' +
        '/32는 이 주소 하나만을 가리킨다. 함께 쓰는 호스트가 없으므로 서브넷 주소도 브로드캐스트 주소도 따로 없다. ' +
        '넷마스크는 기록 당시 인터페이스 lo의 것이다(저널). ' +
        'DNS 서버 127.100.0.2는 이 컴퓨터 자신의 주소를 쓴다. 이 컴퓨터에서 실행되는 서버이므로 패킷이 컴퓨터 밖으로 나가지 않는다. ' +
        '웹 서버 127.100.9.1, DNS 서버 127.100.1.1, 127.100.0.1은 같은 서브넷인 127.0.0.0/8(루프백)에 있어 패킷이 이 컴퓨터 밖으로 나가지 않으므로 라우터를 거치지 않는다. ' +
        "127.100.0.2는 루프백 주소다. 인터페이스 lo에는 127.100.0.2/32로 등록되어 있지만 127.0.0.0/8 전체가 루프백이고 위의 서버들도 그 안에 있으므로, 여기서 말하는 '같은 서브넷'은 서로 다른 기계들의 네트워크가 아니라 127.0.0.0/8이다. " +
        'OS가 이 패킷을 컴퓨터 안에서 바로 되돌려 주므로 케이블이나 허브, 라우터로 나가지 않는다. 이 기록이 찾아간 서버도 모두 이 컴퓨터에서 실행된다. 실제 인터넷이 아니라 이 컴퓨터의 루프백 위에 만든 인터넷 복제본이다. ' +
        '기록에는 컴퓨터 밖으로 나가는 인터페이스가 없다. 실제 네트워크라면 패킷은 그런 인터페이스로 나가, 같은 서브넷의 서버에는 바로, 그 밖의 서버에는 라우터를 거쳐 전달된다.',
    )
    // Nothing on this loopback is said to be behind a router, nor called the lab's.
    expect(detail.en).not.toContain('another subnet')
    expect(detail.en).not.toContain("the lab's")
    expect(hasUnresolvedParticle(detail.ko)).toBe(false)
  })

  it('on the lab\'s loopback /8 names the lab; a capture by another tool names no one', () => {
    const servers = [{ address: '127.53.4.80', role: 'web' as const }, { address: '127.53.53.53', role: 'dns' as const }]
    const lab = describeAddressing(addressingOf({ local: '127.0.0.1', target: 'lab', interfaces: [iface('lo', '127.0.0.1/8', true)], servers })!)
    expect(lab.detail.en).toContain('The web server 127.53.4.80 and the DNS server 127.53.53.53 are on the same subnet, 127.0.0.0/8 (loopback): the packets go to them without leaving this computer, so no router is involved.')
    expect(lab.detail.en).toContain("127.0.0.0/8 is loopback: the operating system hands these packets straight back to this computer, so they never reach a cable, a hub or a router — the lab's servers all live here.")
    expect(lab.detail.ko).toContain('127.0.0.0/8은 루프백이다. OS가 이 패킷을 컴퓨터 안에서 바로 되돌려 주므로 케이블이나 허브, 라우터로 나가지 않는다. 실습 네트워크의 서버는 모두 여기에 있다.')
    const other = describeAddressing(addressingOf({ local: '127.0.0.1', interfaces: [], servers })!)
    expect(other.detail.en).toContain('— the servers these packets reach run here too.')
    expect(other.detail.en).not.toContain("the lab's")
  })

  it('without a journal assumes /24 and says so; on loopback with no real interface says that too', () => {
    const lan = describeAddressing(addressingOf({ local: '192.0.2.7', interfaces: [], servers: [] })!)
    expect(lan.detail.en).toContain('No packet carries the netmask: /24 is assumed.')
    const loop = describeAddressing(addressingOf({ local: '127.0.0.1', interfaces: [], servers: [] })!)
    expect(loop.title.en).toBe("This computer's IP address: 127.0.0.1/8")
    expect(loop.detail.en).toContain('The recording lists no interface that leaves this computer.')
    expect(addressingOf({ local: '::1', interfaces: [], servers: [] })).toBeNull()
  })
})
