// The host side of the guest console: stdin bytes go to the inputs door. On a terminal the
// tty is put in raw mode (as QEMU -nographic does) and Ctrl-A x quits.
import type { LiveInputs } from '../engine/index.js';

export function attachConsole(inputs: LiveInputs): () => void {
  const stdin = process.stdin;
  const tty = stdin.isTTY === true;
  let ctrlA = false;
  const onData = (chunk: Buffer) => {
    if (tty) {
      for (const b of chunk) {
        if (ctrlA && b === 0x78) { // Ctrl-A x
          process.stderr.write('\npseries-rr: terminated by Ctrl-A x\n');
          process.exit(130);
        }
        ctrlA = b === 0x01;
      }
    }
    inputs.pushConsole(new Uint8Array(chunk));
  };
  const onEnd = () => inputs.closeConsole();
  if (tty) stdin.setRawMode(true);
  stdin.on('data', onData);
  stdin.on('end', onEnd);
  stdin.on('error', onEnd);
  return () => {
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    stdin.off('error', onEnd);
    if (tty) stdin.setRawMode(false);
    stdin.pause();
    // A socket or tty stream would keep the process alive; file streams have no unref.
    (stdin as { unref?: () => void }).unref?.();
  };
}
