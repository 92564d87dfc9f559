// The default firmware for -kernel boots (engine/platform/firmware/vof.S, built by
// build-vof.sh; its bytes are vof.img and, for the engine, vof-image.ts).
import { VOF_IMAGE_BASE64 } from '../firmware/vof-image.js';

export function defaultVofFirmware(): Uint8Array {
  return Uint8Array.from(Buffer.from(VOF_IMAGE_BASE64, 'base64'));
}
