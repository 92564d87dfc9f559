// The VIO bus (PAPR "vdevice"; QEMU hw/ppc/spapr_vio.c, spapr_vty.c, spapr_nvram.c).
// Unit addresses start at 0x71000000; QEMU creates the nvram first, so with one
// spapr-vty the nvram is 0x71000000 and the vty 0x71000001, with interrupts 0x1100 and
// 0x1101 (the SPAPR_IRQ_VIO block). vioIrq reproduces those two; others are unchecked.
import { type FdtProp, strList, u32 } from './blob.js';

export const SPAPR_VIO_REG_BASE = 0x71000000;
export const NVRAM_UNIT_ADDRESS = 0x71000000;
export const VTY_UNIT_ADDRESS = 0x71000001;
export const SPAPR_IRQ_VIO = 0x1100;
/** Default nvram size (no -drive): 64 KiB. */
export const NVRAM_DEFAULT_BYTES = 0x10000;

export function vioIrq(unitAddress: number): number {
  return SPAPR_IRQ_VIO + (unitAddress & 0xfff);
}

export interface VioDevice {
  /** node name without the unit address: 'vty', 'nvram' */
  name: string;
  reg: number;
  props: FdtProp[]; // in QEMU's setprop order
}

export function vtyDevice(reg = VTY_UNIT_ADDRESS): VioDevice {
  return {
    name: 'vty', reg,
    props: [
      ['reg', u32(reg)],
      ['device_type', strList('serial')],
      ['compatible', strList('hvterm1')],
      ['interrupts', u32(vioIrq(reg), 0)],
    ],
  };
}

export function nvramDevice(reg = NVRAM_UNIT_ADDRESS, size = NVRAM_DEFAULT_BYTES): VioDevice {
  return {
    name: 'nvram', reg,
    props: [
      ['reg', u32(reg)],
      ['device_type', strList('nvram')],
      ['compatible', strList('qemu,spapr-nvram')],
      ['interrupts', u32(vioIrq(reg), 0)],
      ['#bytes', u32(size)],
    ],
  };
}

/** /vdevice's own properties in setprop order. */
export function vdeviceProps(): FdtProp[] {
  return [
    ['device_type', strList('vdevice')],
    ['compatible', strList('IBM,vdevice')],
    ['#address-cells', u32(1)],
    ['#size-cells', u32(0)],
    ['#interrupt-cells', u32(2)],
    ['interrupt-controller', new Uint8Array(0)],
  ];
}

/** The unit-address node name, e.g. 'vty@71000001'. */
export function vioNodeName(d: VioDevice): string {
  return `${d.name}@${d.reg.toString(16)}`;
}
