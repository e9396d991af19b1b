/**
 * Errors a GPU reports off the call path. WebGPU validation errors and device loss do not throw
 * where the kernel was queued: Dawn delivers them later, as events. The webgpu backend records them
 * here and the trainer calls throwIfDeviceFailed() after each host read, so a run that hit one
 * fails with the GPU's own message instead of training on into NaN losses.
 */
const reported: string[] = [];

export class DeviceError extends Error {
  override name = 'DeviceError';
}

export function reportDeviceError(message: string): void {
  reported.push(message.trim());
}

/** Throws the first error reported since the last check (and how many more followed), if any. */
export function throwIfDeviceFailed(): void {
  if (reported.length === 0) return;
  const [first, ...rest] = reported.splice(0);
  const more = rest.length > 0 ? ` (and ${rest.length} more GPU error${rest.length > 1 ? 's' : ''})` : '';
  throw new DeviceError(`GPU error: ${first}${more}`);
}
