// getUserMedia failures as Parlor codes. Kept apart from session.ts so the
// pre-join preview can use it without loading livekit-client.
import { ErrorCode, ParlorError } from './errors.js';

/** Maps getUserMedia failures to Parlor codes a UI can explain. */
export function mediaError(cause: unknown): ParlorError {
  // DOMExceptions and livekit-client's wrappers both carry the browser's error name.
  const name = typeof cause === 'object' && cause !== null && 'name' in cause ? String(cause.name) : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new ParlorError(ErrorCode.CameraDenied, 'Camera or microphone access was blocked. Allow it in the browser to go on camera.', { cause });
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') {
    return new ParlorError(ErrorCode.NoDevice, 'No usable camera or microphone was found.', { cause });
  }
  return ParlorError.from(cause, ErrorCode.NoDevice);
}
