import { css } from 'lit';

export const videoGridStyles = css`
  :host { display: grid; gap: 0.5rem; container-type: inline-size; }
  .grid { display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fit, minmax(min(100%, var(--parlor-tile-min-width, 200px)), 1fr)); }
  .spot figure { aspect-ratio: 16 / 9; max-height: 70vh; margin-inline: auto; }
  figure {
    margin: 0; position: relative; aspect-ratio: 16 / 9; background: var(--parlor-tile-background, #000);
    border-radius: var(--_radius); overflow: hidden; outline: 3px solid transparent; outline-offset: -3px;
  }
  figure.speaking { outline-color: var(--parlor-color-speaking, var(--_accent)); }
  :host([stale]) figure:not(.local) > :is(video, .off), figure.lost:not(.local) > :is(video, .off) { opacity: 0.45; filter: grayscale(1); }
  video { width: 100%; height: 100%; object-fit: cover; display: block; }
  video.screen { object-fit: contain; }
  figcaption {
    position: absolute; inset-inline-start: 0.4rem; bottom: 0.4rem; max-width: calc(100% - 0.8rem);
    background: rgb(0 0 0 / 0.7); color: #fff; padding: 0.1rem 0.5rem; border-radius: 6px; font-size: 0.85em;
    overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  }
  .pin {
    position: absolute; inset-inline-end: 0.3rem; top: 0.3rem; min-height: 36px; min-width: 36px; padding: 0.1rem 0.4rem;
    background: rgb(0 0 0 / 0.7); color: #fff; border-color: transparent;
  }
  .pin.on { background: var(--_accent); color: var(--_on-accent); }
  .pin svg { width: 18px; height: 18px; fill: currentColor; display: block; }
  .off { display: grid; place-items: center; height: 100%; color: #ddd; }
  figure { container-type: inline-size; }
  /* A small tile has no room in its middle between the pin and the name: the words go to its top corner. */
  /* Its pin is smaller too (28 px, above the 24 px a target needs), so it covers less of the picture. */
  @container (max-width: 240px) {
    .off { place-items: start; padding-block-start: 0.45rem; padding-inline: 0.6rem 2.4rem; font-size: 0.85em; }
    .pin { min-height: 28px; min-width: 28px; padding: 0; inset-inline-end: 0.2rem; top: 0.2rem; }
    .pin svg { width: 15px; height: 15px; margin: auto; }
  }
  .pager { display: flex; gap: 0.5rem; align-items: center; justify-content: center; }
  .empty { color: var(--_muted); text-align: center; padding: 2rem 0.5rem; }
  /* Narrow: two columns when there are two tiles or more; one tile alone takes the width (auto-fit drops the empty column). */
  @container (max-width: 420px) {
    .grid { grid-template-columns: repeat(auto-fit, minmax(max(7rem, calc(50% - 0.25rem)), 1fr)); }
  }
`;
