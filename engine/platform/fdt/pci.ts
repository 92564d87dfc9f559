// The default PCI host bridge, PHB 0 (QEMU hw/ppc/spapr_pci.c spapr_dt_phb for
// "spapr-pci-host-bridge" index 0, no devices). Windows per PHB index come from
// spapr_phb_placement: BUID 0x800000020000000 + index, 64 KiB I/O at
// 0x200000000000, 2 GiB 32-bit MMIO at 0x200080000000, 1 TiB 64-bit MMIO at
// 0x210000000000; LSIs 0x1200..0x1203; TCE table LIOBN 0x80000000 with a 1 GiB window.
import { empty, type FdtProp, strList, u32, u64 } from './blob.js';
import { RTAS_TOKENS } from './rtas.js';

export const PHB0_BUID = 0x800000020000000n;
export const PHB0_NAME = `pci@${PHB0_BUID.toString(16)}`;
export const PHB0_LSI_BASE = 0x1200;
export const PHB0_LIOBN = 0x80000000;
export const XICS_PHANDLE = 0x1111;

/** interrupt-map: slot x INTA..INTD -> LSI, swizzled by slot (PCI bridge rule). */
function interruptMap(): Uint8Array {
  const cells: number[] = [];
  for (let slot = 0; slot < 32; slot++) {
    for (let pin = 1; pin <= 4; pin++) {
      const irq = PHB0_LSI_BASE + ((slot + pin - 1) % 4);
      cells.push(slot << 11, 0, 0, pin, XICS_PHANDLE, irq, 1 /* level */);
    }
  }
  return u32(...cells);
}

/** PHB 0's properties in setprop order (before #address-cells/#size-cells and DRCs). */
export function phb0Props(drcIndex: number): FdtProp[] {
  const range = (space: number, pciAddr: bigint, cpuAddr: bigint, size: bigint) =>
    [...u32(space), ...u64(pciAddr, cpuAddr, size)];
  return [
    ['device_type', strList('pci')],
    ['compatible', strList('IBM,Logical_PHB')],
    ['#interrupt-cells', u32(1)],
    ['used-by-rtas', empty()],
    ['bus-range', u32(0, 0xff)],
    ['ranges', Uint8Array.from([
      ...range(0x01000000, 0n, 0x200000000000n, 0x10000n), // I/O
      ...range(0x02000000, 0x80000000n, 0x200080000000n, 0x80000000n), // 32-bit MMIO
      ...range(0x03000000, 0x210000000000n, 0x210000000000n, 0x10000000000n), // 64-bit MMIO
    ])],
    ['reg', u64(PHB0_BUID, 0)],
    ['ibm,pci-config-space-type', u32(1)],
    ['ibm,pe-total-#msi', u32(0xd00)],
    ['ibm,ddw-applicable', u32(RTAS_TOKENS['ibm,query-pe-dma-window'],
      RTAS_TOKENS['ibm,create-pe-dma-window'], RTAS_TOKENS['ibm,remove-pe-dma-window'])],
    ['ibm,ddw-extensions', u32(2, RTAS_TOKENS['ibm,reset-pe-dma-window'], 1)],
    ['interrupt-map-mask', u32(0xf800, 0, 0, 0xffffffff)],
    ['interrupt-map', interruptMap()],
    ['ibm,#dma-address-cells', u32(2)],
    ['ibm,#dma-size-cells', u32(2)],
    ['ibm,dma-window', Uint8Array.from([...u32(PHB0_LIOBN), ...u64(0, 0x40000000)])],
    ['ibm,my-drc-index', u32(drcIndex)],
    ['qemu,phb-enumerated', u32(1)],
    // the root bus
    ['#address-cells', u32(3)],
    ['#size-cells', u32(2)],
  ];
}
