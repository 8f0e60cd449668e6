import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MAX_VIDEO_SIZE } from '@parlor/core';
import type { RoomClient } from '@parlor/core';

/** Quiet time before sizes go to LiveKit: a resize sends one update once it stops, not one per frame. */
export const SETTLE_MS = 200;

/**
 * Tells the client how large each remote video is shown (`client.setVideoSize`),
 * so LiveKit sends the layer that size needs; and that a remote video no element
 * shows (a tile on another page) is not shown at all. Device pixels are counted
 * as livekit-client's adaptive stream counts them by default: one per CSS pixel,
 * two on screens denser than 2. The host calls `sync()` after each render.
 */
export class VideoSizes implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #client: RoomClient | undefined;
  #observer: ResizeObserver | undefined;
  /** Each remote video element shown, with the sid it plays and its size last laid out. */
  readonly #shown = new Map<Element, { sid: string; width: number; height: number }>();
  /** Every remote video there is to show, at the last sync. */
  #all = new Set<string>();
  /** Sids whose size is to be sent. */
  readonly #changed = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  /**
   * `videos`: the remote video elements now rendered, each carrying its sid in
   * `data-sid`; `all`: the sids of every remote video there is to show.
   */
  sync(client: RoomClient | undefined, videos: Iterable<HTMLElement>, all: readonly string[]): void {
    if (client !== this.#client) this.hostDisconnected();
    this.#client = client;
    if (!client) return;
    const now = new Set<Element>();
    for (const v of videos) {
      const sid = v.dataset['sid'];
      if (!sid) continue;
      now.add(v);
      const s = this.#shown.get(v);
      if (s?.sid === sid) continue;
      if (s) {
        // An element Lit kept for another track: same box, no new resize report.
        this.#change(s.sid);
        s.sid = sid;
        this.#change(sid);
      } else {
        this.#shown.set(v, { sid, width: 0, height: 0 });
        (this.#observer ??= new ResizeObserver((entries) => this.#resized(entries))).observe(v);
      }
    }
    for (const [v, s] of this.#shown) {
      if (now.has(v)) continue;
      this.#shown.delete(v);
      this.#observer?.unobserve(v);
      this.#change(s.sid);
    }
    // A video new to the room: sent its size once shown, or null if it is on another page.
    // (One that leaves its element is changed above.)
    for (const sid of all) if (!this.#all.has(sid)) this.#change(sid);
    this.#all = new Set(all);
  }

  /** Back on the page: the next render measures again. */
  hostConnected(): void {
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#shown.clear();
    this.#all.clear();
    this.#changed.clear();
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #resized(entries: ResizeObserverEntry[]) {
    const density = (globalThis.devicePixelRatio || 1) > 2 ? 2 : 1;
    for (const e of entries) {
      const s = this.#shown.get(e.target);
      if (!s) continue;
      s.width = Math.min(MAX_VIDEO_SIZE, Math.round(e.contentRect.width * density));
      s.height = Math.min(MAX_VIDEO_SIZE, Math.round(e.contentRect.height * density));
      this.#change(s.sid);
    }
  }

  #change(sid: string) {
    this.#changed.add(sid);
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#flush(), SETTLE_MS);
  }

  /**
   * Sends each changed video's size (each video is in one tile at a time), or
   * null for a video still in the room that no element shows. A video laid out
   * at 0 × 0 (the room hidden) keeps what was sent before; a video that is gone
   * (turned off, its person left) needs nothing.
   */
  #flush() {
    this.#timer = undefined;
    for (const sid of this.#changed) {
      const s = [...this.#shown.values()].find((x) => x.sid === sid);
      if (s?.width && s.height) this.#client?.setVideoSize(sid, { width: s.width, height: s.height });
      else if (!s && this.#all.has(sid)) this.#client?.setVideoSize(sid, null);
    }
    this.#changed.clear();
  }
}
