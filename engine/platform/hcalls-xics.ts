// The XICS hypercalls (PAPR hcall-interrupt) and RTAS calls, with QEMU 7.2's arguments and
// return codes (hw/intc/xics_spapr.c):
//
//   H_CPPR 0x68 (cppr): CPPR = cppr & 0xff → H_SUCCESS.
//   H_IPI 0x6c (server, mfrr): MFRR of that server = mfrr & 0xff → H_SUCCESS; a server that
//     does not exist H_PARAMETER.
//   H_XIRR 0x74 (cppr, ignored) → r4 = XIRR (old CPPR || XISR) and the interrupt accepted.
//   H_XIRR_X 0x2fc → as H_XIRR, r5 = a timestamp: QEMU gives the host's cycle counter; here
//     the Time Base (virtual time, so the result stays a function of machine state).
//   H_EOI 0x64 (xirr): CPPR = xirr's CPPR byte, end of interrupt for its XISR → H_SUCCESS.
//   H_IPOLL 0x70 → r4 = XIRR, r5 = MFRR; nothing accepted.
//   ibm,set-xive (irq, server, priority) → status; ibm,get-xive (irq) → status, server,
//   priority; ibm,int-off (irq): priority 0xff, the old one saved; ibm,int-on (irq): the
//   saved priority back. Status -3 (parameter error) for a wrong argument count, an irq
//   outside the ICS, a server that does not exist or a priority above 0xff.

import type { Cpu } from '../cpu/cpu.js';
import { GPR } from '../cpu/regs.js';
import type { HcallTable } from './hcalls.js';
import type { Rtas, RtasCall } from './rtas.js';
import { XICS_IRQ_BASE, type Xics } from './xics.js';
import {
  H_CPPR, H_EOI, H_IPI, H_IPOLL, H_PARAMETER, H_SUCCESS, H_XIRR, H_XIRR_X, RTAS_OUT_PARAM_ERROR, RTAS_OUT_SUCCESS,
} from './papr.js';

export function registerXics(t: HcallTable, x: Xics): void {
  const arg = (c: Cpu, n: number): bigint => c.u64[GPR + 3 + n];
  t.register(H_CPPR, (c) => {
    x.setCppr(Number(arg(c, 1) & 0xffn));
    return H_SUCCESS;
  });
  t.register(H_IPI, (c) => {
    if (!x.validServer(arg(c, 1))) return H_PARAMETER;
    x.setMfrr(Number(arg(c, 2) & 0xffn));
    return H_SUCCESS;
  });
  t.register(H_XIRR, (c) => {
    c.u64[GPR + 4] = BigInt(x.accept());
    return H_SUCCESS;
  });
  t.register(H_XIRR_X, (c) => {
    c.u64[GPR + 4] = BigInt(x.accept());
    c.u64[GPR + 5] = c.tb.now();
    return H_SUCCESS;
  });
  t.register(H_EOI, (c) => {
    x.eoi(Number(arg(c, 1) & 0xffffffffn));
    return H_SUCCESS;
  });
  t.register(H_IPOLL, (c) => {
    const p = x.ipoll();
    c.u64[GPR + 4] = BigInt(p.xirr);
    c.u64[GPR + 5] = BigInt(p.mfrr);
    return H_SUCCESS;
  });
}

export function registerXicsRtas(r: Rtas, x: Xics): void {
  const bad = (call: RtasCall): void => void (call.rets[0] = RTAS_OUT_PARAM_ERROR);
  r.add('ibm,set-xive', (_c, call) => {
    if (call.args.length !== 3 || call.nret !== 1) return bad(call);
    const [nr, server, priority] = call.args.map((a) => a >>> 0);
    if (!x.validIrq(nr) || !x.validServer(server) || priority > 0xff) return bad(call);
    x.writeXive(nr, server, priority, priority);
    call.rets[0] = RTAS_OUT_SUCCESS;
  });
  /** The source index of a one-argument call's irq, or -1 (the call then fails). */
  const source = (call: RtasCall, nret: number): number => {
    if (call.args.length !== 1 || call.nret !== nret || !x.validIrq(call.args[0] >>> 0)) { bad(call); return -1; }
    return (call.args[0] >>> 0) - XICS_IRQ_BASE;
  };
  r.add('ibm,get-xive', (_c, call) => {
    const s = source(call, 3);
    if (s >= 0) call.rets.splice(0, 3, RTAS_OUT_SUCCESS, x.server[s], x.priority[s]);
  });
  // int-off masks (priority 0xff) keeping the priority to restore; int-on restores it.
  r.add('ibm,int-off', (_c, call) => {
    const s = source(call, 1);
    if (s < 0) return;
    x.writeXive(s + XICS_IRQ_BASE, x.server[s], 0xff, x.priority[s]);
    call.rets[0] = RTAS_OUT_SUCCESS;
  });
  r.add('ibm,int-on', (_c, call) => {
    const s = source(call, 1);
    if (s < 0) return;
    x.writeXive(s + XICS_IRQ_BASE, x.server[s], x.savedPriority[s], x.savedPriority[s]);
    call.rets[0] = RTAS_OUT_SUCCESS;
  });
}
