// IPv4 arithmetic lives in src-main/shared/ipv4.ts (the analyzer's IP-anatomy step and this pane share it).
export * from '../../src-main/shared/ipv4.ts'
