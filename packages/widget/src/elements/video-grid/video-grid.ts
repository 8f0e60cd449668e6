import { LitElement, html, nothing, svg } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { isLive } from '@parlor/core';
import type { ParticipantInfo, RoomClient } from '@parlor/core';
import { focusedIn } from '../../focus.js';
import { fromRoom } from '../../from-room.js';
import { Localizer } from '../../i18n/index.js';
import { StoreController } from '../../controllers/store-controller.js';
import { base } from '../../styles.js';
import { attachTrack } from './attach.js';
import { VideoSizes } from './video-size.js';
import { videoGridStyles } from './video-grid.styles.js';

// An icon that needs no emoji font.
const PIN = svg`<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M16 3l5 5-2 1-3 3 1 5-2 2-4-4-5 5-1-1 5-5-4-4 2-2 5 1 3-3z"/></svg>`;

/** One tile: a person's camera, or their shared screen. */
export interface Tile {
  readonly key: string;
  readonly p: ParticipantInfo;
  readonly screen: boolean;
}

/**
 * Orders tiles: screen shares first, then the active speakers, then everyone
 * else in the room's order. Exported for tests.
 */
export function orderTiles(people: readonly ParticipantInfo[], onlyVideo: boolean): Tile[] {
  const screens: Tile[] = [];
  const speaking: Tile[] = [];
  const rest: Tile[] = [];
  for (const p of people) {
    if (p.screen) screens.push({ key: `${p.identity}:screen`, p, screen: true });
    if (onlyVideo && !isLive(p.camera)) continue;
    (p.isSpeaking && !p.isLocal ? speaking : rest).push({ key: p.identity, p, screen: false });
  }
  return [...screens, ...speaking, ...rest];
}

/**
 * The video grid: one tile per person (and one per shared screen), the
 * active speaker outlined and kept on the first page, a pinned tile or a
 * shared screen in the spotlight, pages of `page-size` tiles, remote audio
 * played (muted with `muted`). Each remote video's shown size goes to
 * `client.setVideoSize`, so LiveKit sends the layer a tile needs, and none
 * for a tile on another page.
 *
 * @tagname parlor-video-grid
 * @summary Everyone's video.
 * @csspart spotlight - The pinned or shared-screen tile's area.
 * @csspart grid - The grid.
 * @csspart tile - One tile.
 * @csspart name - The name label on a tile.
 * @csspart pin - A tile's pin button.
 * @csspart pager - The page buttons.
 * @csspart empty - The "nobody is live" notice (viewer mode, nobody on camera).
 * @cssproperty --parlor-tile-min-width - Narrowest a tile gets (default 200px).
 * @cssproperty --parlor-tile-background - Tile background behind video (default black).
 * @cssproperty --parlor-color-speaking - Outline of the active speaker (default the accent).
 */
export class ParlorVideoGrid extends LitElement {
  static override styles = [base, videoGridStyles];
  static override properties = {
    client: { attribute: false },
    localizer: { attribute: false },
    pageSize: { type: Number, attribute: 'page-size' },
    onlyVideo: { type: Boolean, attribute: 'only-video' },
    muted: { type: Boolean },
    stale: { type: Boolean, reflect: true },
    pinned: {},
    page: { state: true },
  };

  client: RoomClient | undefined;
  localizer = new Localizer();
  /** Tiles per page. */
  pageSize = 9;
  /** Hide people whose camera is off (viewer mode). */
  onlyVideo = false;
  /** Mute remote audio (viewer mode until "tap to unmute"). */
  muted = false;
  /** The connection is lost: the others' videos stand still, and are dimmed so nobody takes them for live (one's own stays). */
  stale = false;
  /** The pinned tile's key (`identity`, or `identity:screen`); empty when none. */
  pinned = '';
  /** The page shown, from 0. */
  page = 0;

  #people = new StoreController(this, () => this.client, (s) => s.participants);
  #sizes = new VideoSizes(this);
  /** Every remote video to show, in the last render. */
  #remote: string[] = [];

  override render() {
    const t = this.localizer.t.bind(this.localizer);
    const tiles = orderTiles(this.#people.value ?? [], this.onlyVideo);
    this.#remote = tiles.flatMap(({ p, screen }) => {
      const video = screen ? p.screen : p.camera;
      return isLive(video) && !p.isLocal ? [video.sid] : [];
    });
    const nobody = !tiles.length && this.onlyVideo;
    // For a viewer, "Nobody is live" is said when the broadcast ends: a status region that stays in
    // place (one made with the words in it is not read out), the visible words hidden from the reader.
    return html`
      ${this.onlyVideo ? html`<p class="vh" role="status">${nobody ? t('nobodyLive') : ''}</p>` : null}
      ${nobody ? html`<p class="empty" part="empty" aria-hidden="true">${t('nobodyLive')}</p>` : this.#tiles(tiles)}`;
  }

  /** The spotlight, this page of the grid, the audio of those on other pages, and the pager. */
  #tiles(tiles: Tile[]) {
    const t = this.localizer.t.bind(this.localizer);
    const pinned = tiles.find((x) => x.key === this.pinned);
    // A pinned tile has the spotlight; otherwise a shared screen takes it.
    const spot = pinned ?? tiles.find((x) => x.screen);
    const rest = tiles.filter((x) => x !== spot);
    const pages = Math.max(1, Math.ceil(rest.length / this.pageSize));
    const page = Math.min(this.page, pages - 1);
    const shown = rest.slice(page * this.pageSize, (page + 1) * this.pageSize);
    // Remote audio plays even from tiles not on this page.
    const offPage = rest.filter((x) => !shown.includes(x) && !x.screen);
    return html`
      ${spot ? html`<div class="spot" part="spotlight">${this.#tile(spot)}</div>` : null}
      <div class="grid" part="grid" role="group" aria-label=${t('videos')}>${repeat(shown, (x) => x.key, (x) => this.#tile(x))}</div>
      ${offPage.map((x) => this.#audio(x.p))}
      ${pages > 1
        ? html`<div class="pager" part="pager">
            <button ?disabled=${page === 0} @click=${() => this.#turn(page - 1)} aria-label=${t('previousPage')}>‹</button>
            <span>${t('pageOf', { page: page + 1, pages })}</span>
            <button ?disabled=${page >= pages - 1} @click=${() => this.#turn(page + 1)} aria-label=${t('nextPage')}>›</button>
          </div>`
        : null}
    `;
  }

  override updated() {
    this.#sizes.sync(this.client, this.renderRoot.querySelectorAll<HTMLElement>('video[data-sid]'), this.#remote);
  }

  /**
   * Turns the page. At the first or last page its pager button turns
   * disabled, which would drop the keyboard focus to the page: the other
   * pager button gets it.
   */
  async #turn(page: number) {
    const pressed = focusedIn(this) as HTMLButtonElement | null;
    this.page = page;
    await this.updateComplete;
    if (pressed?.disabled) this.renderRoot.querySelector<HTMLElement>('.pager :enabled')?.focus({ preventScroll: true });
  }

  /** Pins (or unpins) a tile; its pin button keeps focus though the tile moves between the spotlight and the grid. */
  async #pin(pinned: string, key: string) {
    this.pinned = pinned;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"] .pin`)?.focus();
  }

  #audio(p: ParticipantInfo) {
    return !p.isLocal && p.microphone?.mediaStreamTrack
      ? html`<audio autoplay .muted=${this.muted} ${attachTrack(p.microphone.mediaStreamTrack)}></audio>`
      : null;
  }

  #tile({ key, p, screen }: Tile) {
    const t = this.localizer.t.bind(this.localizer);
    const video = screen ? p.screen : p.camera;
    const label = t(screen ? 'screenOf' : 'videoOf', { name: p.name });
    const isPinned = this.pinned === key;
    // Lost: not back yet after a reconnect (or their connection dropped); dimmed as while reconnecting.
    return html`<figure part="tile" class="${p.isSpeaking ? 'speaking' : ''} ${p.isLocal ? 'local' : ''} ${p.connectionQuality === 'lost' ? 'lost' : ''}" data-key=${key}>
      ${video && !video.muted
        ? html`<video
            class=${screen ? 'screen' : ''}
            autoplay
            playsinline
            muted
            aria-label=${label}
            ${attachTrack(video.mediaStreamTrack)}
            data-sid=${p.isLocal ? nothing : video.sid}
          ></video>`
        : html`<div class="off">${t('noVideo')}</div>`}
      ${screen ? null : this.#audio(p)}
      <figcaption part="name">${screen ? label : p.name}${p.isLocal && !screen ? ` ${t('you')}` : ''}</figcaption>
      <button
        class=${isPinned ? 'pin on' : 'pin'}
        part="pin"
        aria-label=${t(isPinned ? 'unpin' : 'pin', { name: p.name })}
        @click=${() => this.#pin(isPinned ? '' : key, key)}
      >${PIN}</button>
    </figure>`;
  }
}
// The room's client and strings come from <parlor-room> (context), and follow its changes.
fromRoom(ParlorVideoGrid, 'client', 'localizer');
