/**
 * Built-in NT kernel classes: TCP and UDP events over IPv4 and IPv6 (version 2), and the older
 * address-family-less layouts.
 * Layouts are written in the notation of kernel-notation.ts; each entry's
 * comment names the kernel MOF class that declares the layout.
 */
import { kernelClass, type KernelClass } from './kernel-notation.js';

export const TCP_IP: KernelClass = kernelClass('TcpIp', '9a280ac0-c8e0-11d1-84e2-00c04fb998a2', [
  [0, { 10: 'Send', 11: 'Recv', 12: 'Connect', 13: 'Disconnect', 14: 'Retransmit', 15: 'Accept' }, // TcpIp_V0_TypeGroup1
    'daddr:ipaddr saddr:ipaddr dport:port sport:port size:u32 PID:u32'],
  [1, { 11: 'Recv' }, // TcpIp_V1_Receive
    'PID:u32 size:u32 daddr:ipaddr saddr:ipaddr dport:port sport:port connid:ptr seqnum:u32'],
  [1, { 13: 'Disconnect', 14: 'Retransmit', 16: 'Reconnect' }, // TcpIp_V1_TypeGroup1
    'PID:u32 size:u32 daddr:ipaddr saddr:ipaddr dport:port sport:port connid:ptr seqnum:u32'],
  [1, { 12: 'Connect', 15: 'Accept' }, // TcpIp_V1_TypeGroup2
    'PID:u32 size:u32 daddr:ipaddr saddr:ipaddr dport:port sport:port mss:u16 sackopt:u16 tsopt:u16 '
    + 'wsopt:u16 rcvwin:u32 rcvwinscale:i16 sndwinscale:i16 connid:ptr seqnum:u32'],
  [1, { 17: 'Fail' }, // TcpIp_V1_Fail
    'Proto:u32'],
  [1, { 10: 'Send' }, // TcpIp_V1_Send
    'PID:u32 size:u32 daddr:ipaddr saddr:ipaddr dport:port sport:port startime:u32 endtime:u32 connid:ptr '
    + 'seqnum:u32'],
  [1, { 18: 'TCPCopy', 19: 'ARPCopy', 20: 'FullACK', 21: 'PartACK', 22: 'DupACK' }, // TcpIp_V1_TypeGroup3
    'PID:u32 size:u32 daddr:ipaddr saddr:ipaddr dport:port sport:port connid:ptr seqnum:u32'],
  [2, { 10: 'SendIPV4' }, // TcpIp_SendIPV4
    'PID:u32 size:u32 daddr:ipv4 saddr:ipv4 dport:port sport:port startime:u32 endtime:u32 seqnum:u32 '
    + 'connid:ptr'],
  [2, { 11: 'RecvIPV4', 13: 'DisconnectIPV4', 14: 'RetransmitIPV4', 16: 'ReconnectIPV4', 18: 'TCPCopyIPV4' }, // TcpIp_TypeGroup1
    'PID:u32 size:u32 daddr:ipv4 saddr:ipv4 dport:port sport:port seqnum:u32 connid:ptr'],
  [2, { 12: 'ConnectIPV4', 15: 'AcceptIPV4' }, // TcpIp_TypeGroup2
    'PID:u32 size:u32 daddr:ipv4 saddr:ipv4 dport:port sport:port mss:u16 sackopt:u16 tsopt:u16 wsopt:u16 '
    + 'rcvwin:u32 rcvwinscale:i16 sndwinscale:i16 seqnum:u32 connid:ptr'],
  [2, { 17: 'Fail' }, // TcpIp_Fail
    'Proto:u16 FailureCode:u16'],
  [2, { 26: 'SendIPV6' }, // TcpIp_SendIPV6
    'PID:u32 size:u32 daddr:ipv6 saddr:ipv6 dport:port sport:port startime:u32 endtime:u32 seqnum:u32 '
    + 'connid:ptr'],
  [2, { 27: 'RecvIPV6', 29: 'DisconnectIPV6', 30: 'RetransmitIPV6', 32: 'ReconnectIPV6', 34: 'TCPCopyIPV6' }, // TcpIp_TypeGroup3
    'PID:u32 size:u32 daddr:ipv6 saddr:ipv6 dport:port sport:port seqnum:u32 connid:ptr'],
  [2, { 28: 'ConnectIPV6', 31: 'AcceptIPV6' }, // TcpIp_TypeGroup4
    'PID:u32 size:u32 daddr:ipv6 saddr:ipv6 dport:port sport:port mss:u16 sackopt:u16 tsopt:u16 wsopt:u16 '
    + 'rcvwin:u32 rcvwinscale:i16 sndwinscale:i16 seqnum:u32 connid:ptr'],
]);

export const UDP_IP: KernelClass = kernelClass('UdpIp', 'bf3a50c5-a9c9-4988-a005-2df0b7c80f80', [
  [0, { 10: 'Send', 11: 'Recv' }, // UdpIp_V0_TypeGroup1
    'context:ptr saddr:ipaddr sport:port size:u16 daddr:ipaddr dport:port dsize:u16'],
  [1, { 10: 'Send', 11: 'Recv' }, // UdpIp_V1_TypeGroup1
    'PID:u32 size:u32 daddr:ipaddr saddr:ipaddr dport:port sport:port'],
  [2, { 10: 'SendIPV4', 11: 'RecvIPV4' }, // UdpIp_TypeGroup1
    'PID:u32 size:u32 daddr:ipv4 saddr:ipv4 dport:port sport:port seqnum:u32 connid:ptr'],
  [2, { 17: 'Fail' }, // UdpIp_Fail
    'Proto:u16 FailureCode:u16'],
  [2, { 26: 'SendIPV6', 27: 'RecvIPV6' }, // UdpIp_TypeGroup2
    'PID:u32 size:u32 daddr:ipv6 saddr:ipv6 dport:port sport:port seqnum:u32 connid:ptr'],
]);
