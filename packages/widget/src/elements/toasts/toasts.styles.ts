import { css } from 'lit';

export const toastsStyles = css`
  :host { position: absolute; inset-inline: 0; bottom: 0.75rem; display: grid; justify-items: center; pointer-events: none; z-index: 10; }
  /* In the room: the bottom of the video stage (flow.ts measures it). */
  :host([data-room]) { bottom: calc(var(--_lift) + 0.5rem); inset-inline: var(--_start) auto; width: var(--_width); justify-items: start; }
  [part='region'] { display: grid; gap: 0.4rem; }
  ol { list-style: none; margin: 0; padding: 0 0.5rem; display: grid; gap: 0.4rem; }
  ol:empty { display: none; }
  li {
    pointer-events: auto; display: flex; gap: 0.5rem; align-items: center; max-width: 32rem;
    background: var(--_fg); color: var(--_bg); border-radius: var(--_radius); padding: 0.3rem; padding-inline-start: 0.8rem;
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.25);
  }
  li.alert { border-inline-start: 6px solid var(--_danger); }
  button { min-height: 36px; padding: 0.2rem 0.6rem; background: transparent; color: inherit; border-color: currentColor; }
`;
