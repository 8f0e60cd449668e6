// The local preview a pre-join screen shows: a plain MediaStream from
// getUserMedia, with no livekit-client loaded and nothing published.
import { ErrorCode, ParlorError } from './errors.js';
import { mediaError } from './media-errors.js';

/** Options of {@link createPreview}. */
export interface PreviewOptions {
  /** Include the camera (default true). */
  camera?: boolean | undefined;
  /** Include the microphone (default false: a preview rarely needs sound, and echo is likely). */
  microphone?: boolean | undefined;
  /** Exact devices to use, as `RoomState.devices` lists them. */
  deviceId?: { camera?: string | undefined; microphone?: string | undefined } | undefined;
}

/** A running preview: attach `stream` to a `<video muted>`; `stop()` releases the devices. */
export interface Preview {
  readonly stream: MediaStream;
  /** Stops every track: the camera light goes off. Safe to call twice. */
  stop(): void;
}

/**
 * Opens the camera (and optionally the microphone) for a pre-join preview.
 * Call it from a user action (a "check my camera" button), never on page
 * load: it triggers the browser's permission prompt.
 *
 * Throws a `ParlorError` with `camera_denied` when the person or browser
 * refuses, `no_device` when there is no usable device.
 *
 * @example
 * ```ts
 * const preview = await createPreview({ camera: true });
 * video.srcObject = preview.stream;
 * // … later, before or after joining:
 * preview.stop();
 * ```
 */
export async function createPreview(options: PreviewOptions = {}): Promise<Preview> {
  const wantCamera = options.camera ?? true;
  const wantMic = options.microphone ?? false;
  if (!wantCamera && !wantMic) throw new ParlorError(ErrorCode.BadRequest, 'A preview needs the camera or the microphone.');
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
    throw new ParlorError(ErrorCode.NoDevice, 'This browser cannot use a camera here (a secure https page is needed).');
  }
  const device = (id: string | undefined): MediaTrackConstraints | boolean => (id ? { deviceId: { exact: id } } : true);
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: wantCamera ? device(options.deviceId?.camera) : false,
      audio: wantMic ? device(options.deviceId?.microphone) : false,
    });
  } catch (cause) {
    throw mediaError(cause);
  }
  return {
    stream,
    stop: () => {
      for (const t of stream.getTracks()) t.stop();
    },
  };
}
