// RTAS (PAPR 7.2; QEMU hw/ppc/spapr_rtas.c): the /rtas node and its token numbers.
// QEMU 7.2 numbers the RTAS calls it implements from 0x2000 (RTAS_TOKEN_BASE) in this
// fixed order and publishes each as a property "name = <token>" under /rtas. The guest
// calls RTAS through hcall KVMPPC_H_RTAS (0xf000) with the token first in the buffer.
import { type FdtProp, empty, strList, u32, u64 } from './blob.js';

/** [name, token] in token order, as in QEMU 7.2's /rtas. */
export const RTAS_TOKEN_LIST: readonly (readonly [string, number])[] = [
  'display-character', 'get-time-of-day', 'set-time-of-day', 'power-off', 'system-reboot',
  'query-cpu-stopped-state', 'start-cpu', 'stop-self', 'ibm,get-system-parameter',
  'ibm,set-system-parameter', 'ibm,set-xive', 'ibm,get-xive', 'ibm,int-off', 'ibm,int-on',
  'check-exception', 'event-scan', 'ibm,set-tce-bypass', 'quiesce', 'nvram-fetch', 'nvram-store',
  'read-pci-config', 'write-pci-config', 'ibm,read-pci-config', 'ibm,write-pci-config',
  'ibm,query-interrupt-source-number', 'ibm,change-msi', 'set-indicator', 'set-power-level',
  'get-power-level', 'get-sensor-state', 'ibm,configure-connector', 'ibm,os-term',
  'ibm,set-eeh-option', 'ibm,get-config-addr-info2', 'ibm,read-slot-reset-state2',
  'ibm,set-slot-reset', 'ibm,configure-pe', 'ibm,slot-error-detail', 'ibm,query-pe-dma-window',
  'ibm,create-pe-dma-window', 'ibm,remove-pe-dma-window', 'ibm,reset-pe-dma-window',
  'ibm,suspend-me', 'ibm,nmi-register', 'ibm,nmi-interlock',
].map((name, i) => [name, 0x2000 + i] as const);

/** RTAS token by name, e.g. RTAS_TOKENS['power-off'] === 0x2003. */
export const RTAS_TOKENS: Readonly<Record<string, number>> = Object.freeze(Object.fromEntries(RTAS_TOKEN_LIST));

/** The hcall QEMU's RTAS stub uses to enter the hypervisor (KVMPPC_H_RTAS). */
export const KVMPPC_H_RTAS = 0xf000;

/** Hypercall families QEMU 7.2 advertises for TCG (ibm,hypertas-functions). */
export const HYPERTAS_FUNCTIONS = [
  'hcall-pft', 'hcall-term', 'hcall-dabr', 'hcall-interrupt', 'hcall-tce', 'hcall-vio',
  'hcall-splpar', 'hcall-join', 'hcall-bulk', 'hcall-set-mode', 'hcall-sprg0', 'hcall-copy',
  'hcall-debug', 'hcall-vphn', 'hcall-multi-tce', 'hcall-hpt-resize', 'hcall-watchdog',
];

/** RTAS_ERROR_LOG_MAX */
export const RTAS_ERROR_LOG_MAX = 2048;
/** SPAPR_MEMORY_BLOCK_SIZE: the LMB size (256 MiB). */
export const SPAPR_MEMORY_BLOCK_SIZE = 0x10000000;

/** The NUMA description of one node (spapr_numa_write_rtas_dt): FORM1's legacy one-node
 *  reference points and domain counts, or after CAS chose FORM2 one reference point, one
 *  domain, the lookup index table <count, node ids…> and the distance table <u32 count,
 *  bytes…> (10 = a node's distance to itself). */
function numaProps(form2: boolean): FdtProp[] {
  if (!form2) return [['ibm,associativity-reference-points', u32(4, 4, 2)], ['ibm,max-associativity-domains', u32(4, 0, 0, 0, 1)]];
  return [
    ['ibm,associativity-reference-points', u32(1)],
    ['ibm,max-associativity-domains', u32(1, 1)],
    ['ibm,numa-lookup-index-table', u32(1, 0)],
    ['ibm,numa-distance-table', Uint8Array.of(0, 0, 0, 1, 10)],
  ];
}

/** /rtas properties in the order QEMU sets them (spapr_dt_rtas, then the token table). */
export function rtasProps(maxCpus: number, form2: boolean): FdtProp[] {
  return [
    ['ibm,hypertas-functions', strList(...HYPERTAS_FUNCTIONS)],
    ['qemu,hypertas-functions', strList('hcall-memop1')],
    ...numaProps(form2),
    // 20-byte minimum + error log + 3 doublewords per possible cpu
    ['rtas-size', u32(20 + RTAS_ERROR_LOG_MAX + maxCpus * 8 * 3)],
    ['rtas-error-log-max', u32(RTAS_ERROR_LOG_MAX)],
    ['rtas-event-scan-rate', u32(1)],
    ['ibm,change-msix-capable', empty()],
    ['ibm,extended-os-term', empty()],
    // max hot-pluggable memory address (0: no -m maxmem), LMB size, max cpus
    ['ibm,lrdr-capacity', new Uint8Array([...u64(0, SPAPR_MEMORY_BLOCK_SIZE), ...u32(maxCpus)])],
    ...RTAS_TOKEN_LIST.map(([name, token]): FdtProp => [name, u32(token)]),
  ];
}
