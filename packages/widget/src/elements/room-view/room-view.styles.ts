import { css } from 'lit';

export const roomViewStyles = css`
  :host { display: grid; grid-template-rows: auto 1fr auto; grid-template-columns: minmax(0, 1fr); min-height: min(var(--parlor-min-height, 480px), 100svh); container-type: inline-size; }
  /* Page CSS on ::part(room) comes from outside and would win over a plain rule. */
  :host([hidden]) { display: none !important; }
  /* minmax(0, …) here and in .side: columns as narrow as the room, never widened past it by what they hold (the chat's input and Send button at 320 px). */
  .main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(16rem, 22rem); min-height: 0; }
  :host(:not([chat])) .main { grid-template-columns: minmax(0, 1fr); }
  .stage { padding: 0.5rem; overflow: auto; position: relative; }
  /* Clipped here, square (it holds no video): the room itself does not clip, and a long list of people must not spill onto the page. */
  .side { display: grid; grid-template-rows: auto 1fr; grid-template-columns: minmax(0, 1fr); border-inline-start: 1px solid var(--_border); min-height: 0; max-height: 70vh; overflow: hidden; }
  parlor-participant-list { border-bottom: 1px solid var(--_border); }
  .banner { padding: 0.4rem 0.8rem; background: var(--_surface); border-bottom: 1px solid var(--_border); display: flex; gap: 0.6rem; align-items: center; flex-wrap: wrap; }
  /* The room does not clip its corners: the top banner follows them. */
  .banner:first-child { border-start-start-radius: max(0px, var(--_radius) - 1px); border-start-end-radius: max(0px, var(--_radius) - 1px); }
  .rec { color: var(--_danger); font-weight: 600; }
  .rec::before { content: ''; display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%; background: currentColor; margin-inline-end: 0.4em; }
  .live { font-weight: 600; }
  .unmute { display: block; margin: 0 auto 0.5rem; font-weight: 600; }
  @container (max-width: 640px) {
    .main { grid-template-columns: minmax(0, 1fr); }
    /* Stacked under the videos, the chat log keeps a height of its own and scrolls inside it: the
       room does not grow with every message, and on a phone the videos, the latest messages, the
       message box and the controls fit one screen. The list of people and the videos (many people,
       on several rows) scroll inside theirs too. */
    .side { border-inline-start: 0; border-top: 1px solid var(--_border); max-height: none; --_people-max: min(6.5rem, 12svh); --_log-height: clamp(4.5rem, 18svh, 16rem); --_log-min: 4.5rem; }
    :host([chat]) .stage { max-height: 36svh; }
  }
  /* A short touch screen (a phone held sideways): everything smaller, so the controls stay on it. */
  @media (max-height: 520px) and (pointer: coarse) {
    :host([chat]) .stage { max-height: 55svh; }
    .side { --_people-max: 3.5rem; --_log-height: 4rem; --_log-min: 4rem; max-height: 85svh; }
  }
`;
