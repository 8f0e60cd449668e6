import { nothing } from 'lit';
import { Directive, directive } from 'lit/directive.js';
import type { ElementPart, PartInfo } from 'lit/directive.js';
import { PartType } from 'lit/directive.js';

/** Sets a media element's `srcObject` to a track, only when the track changes. */
class AttachTrack extends Directive {
  #track: MediaStreamTrack | undefined;

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('attachTrack goes on a <video> or <audio> element');
  }

  render(_track: MediaStreamTrack | undefined) {
    return nothing;
  }

  override update(part: ElementPart, [track]: [MediaStreamTrack | undefined]) {
    if (track !== this.#track) {
      this.#track = track;
      const el = part.element as HTMLMediaElement;
      el.srcObject = track ? new MediaStream([track]) : null;
      if (track) void el.play().catch(() => {});
    }
    return nothing;
  }
}

export const attachTrack = directive(AttachTrack);
