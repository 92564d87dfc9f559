// RTAS (PAPR ch. 7) as QEMU's pseries offers it without firmware: the guest calls hcall
// KVMPPC_H_RTAS with r4 = real address of the argument buffer: big-endian 32-bit words
// token, nargs, nret, args[nargs], rets[nret]. Tokens come from the FDT's /rtas node.

import type { Cpu, HaltReason } from '../cpu/cpu.js';
import type { Ram } from '../memory/ram.js';
import type { Inputs } from '../inputs.js';
import type { HcallTable } from './hcalls.js';
import { civilFromMillis, millisFromCivil } from './calendar.js';
import { H_PARAMETER, H_SUCCESS, KVMPPC_H_RTAS, RTAS_OUT_PARAM_ERROR, RTAS_OUT_SUCCESS } from './papr.js';

export interface RtasCall {
  args: number[];
  nret: number;
  /** Start as the guest's words (QEMU leaves unwritten rets untouched); rets[0] is written
   *  back even when nret is 0, as QEMU's rtas_st(rets, 0, ..) does. */
  rets: number[];
  /** Argument word i read from guest memory as QEMU's rtas_ld does, also past nargs (for
   *  calls QEMU does not check nargs of); 0 outside RAM. */
  ld(i: number): number;
}

export type RtasFn = (c: Cpu, call: RtasCall) => void;

export interface RtasHost {
  ram: Ram;
  inputs: Inputs;
  putChar(byte: number): void;
  halt(c: Cpu, reason: HaltReason): void;
}

export class Rtas {
  private readonly byToken = new Map<number, { name: string; fn: RtasFn }>();
  /** Calls with tokens no function answers, by token. */
  readonly unknown = new Map<number, number>();
  /** Offset set by set-time-of-day, added to the inputs' clock (guest state). */
  rtcOffsetMillis = 0;

  constructor(private readonly host: RtasHost, private readonly tokens: Readonly<Record<string, number>>) {
    const fns: Record<string, RtasFn> = {
      'display-character': (_c, call) => {
        if (call.args.length !== 1 || call.nret !== 1) return void (call.rets[0] = RTAS_OUT_PARAM_ERROR);
        host.putChar(call.args[0] & 0xff);
        call.rets[0] = RTAS_OUT_SUCCESS;
      },
      'get-time-of-day': (c, call) => {
        if (call.args.length !== 0 || call.nret !== 8) return void (call.rets[0] = RTAS_OUT_PARAM_ERROR);
        const ms = host.inputs.rtcMillis(c.icount) + this.rtcOffsetMillis;
        const t = civilFromMillis(ms);
        call.rets.splice(0, 8, RTAS_OUT_SUCCESS, t.year, t.month, t.day, t.hour, t.minute, t.second, t.millis * 1e6);
      },
      'set-time-of-day': (c, call) => {
        if (call.args.length !== 7 || call.nret !== 1) return void (call.rets[0] = RTAS_OUT_PARAM_ERROR);
        const [y, mo, day, h, mi, s, ns] = call.args;
        const want = millisFromCivil({ year: y, month: mo, day, hour: h, minute: mi, second: s, millis: Math.floor(ns / 1e6) });
        this.rtcOffsetMillis = want - host.inputs.rtcMillis(c.icount);
        call.rets[0] = RTAS_OUT_SUCCESS;
      },
      'power-off': (c, call) => {
        if (call.args.length !== 2 || call.nret !== 1) return void (call.rets[0] = RTAS_OUT_PARAM_ERROR);
        call.rets[0] = RTAS_OUT_SUCCESS;
        host.halt(c, 'power-off');
      },
      'system-reboot': (c, call) => {
        if (call.args.length !== 0 || call.nret !== 1) return void (call.rets[0] = RTAS_OUT_PARAM_ERROR);
        call.rets[0] = RTAS_OUT_SUCCESS;
        host.halt(c, 'reboot');
      },
    };
    for (const [name, fn] of Object.entries(fns)) {
      const token = tokens[name];
      if (token !== undefined) this.byToken.set(token, { name, fn });
    }
  }

  /** Answer RTAS function `name` with `fn`, if the device tree gives it a token. */
  add(name: string, fn: RtasFn): void {
    const token = this.tokens[name];
    if (token === undefined) return;
    if (this.byToken.has(token)) throw new Error(`RTAS function ${name} registered twice`);
    this.byToken.set(token, { name, fn });
  }

  register(t: HcallTable): void {
    t.register(KVMPPC_H_RTAS, (c) => this.call(c));
  }

  private call(c: Cpu): bigint {
    const ram = this.host.ram;
    const addr = c.u64[4];
    if (addr > BigInt(ram.size - 12)) return H_PARAMETER;
    const a = Number(addr);
    const dv = ram.dv;
    const token = dv.getUint32(a), nargs = dv.getUint32(a + 4), nret = dv.getUint32(a + 8);
    if (a + 12 + 4 * (nargs + nret) > ram.size) return H_PARAMETER;
    const args: number[] = [];
    for (let i = 0; i < nargs; i++) args.push(dv.getUint32(a + 12 + 4 * i) | 0);
    const retBase = a + 12 + 4 * nargs;
    const rets = Array.from({ length: nret }, (_, i) => dv.getUint32(retBase + 4 * i) | 0);
    const ld = (i: number): number => {
      const at = a + 12 + 4 * i;
      return at + 4 <= ram.size ? dv.getUint32(at) | 0 : 0;
    };
    const call: RtasCall = { args, nret, rets, ld };
    const entry = this.byToken.get(token);
    if (entry) entry.fn(c, call);
    else {
      this.unknown.set(token, (this.unknown.get(token) ?? 0) + 1);
      if (nret > 0) call.rets[0] = RTAS_OUT_PARAM_ERROR;
    }
    const n = Math.min(call.rets.length, Math.floor((ram.size - retBase) / 4));
    for (let i = 0; i < n; i++) dv.setUint32(retBase + 4 * i, call.rets[i] >>> 0);
    if (n > 0) ram.mark(retBase, 4 * n);
    return H_SUCCESS;
  }
}
