import { css } from 'lit';

export const participantListStyles = css`
  :host { display: block; }
  h2 { font-size: 1rem; margin: 0.5rem; }
  /* A long list scrolls by itself and leaves the chat below it its room. */
  ul { list-style: none; margin: 0; padding: 0.25rem 0.5rem; display: grid; gap: 0.25rem; max-height: var(--_people-max, 12rem); overflow-y: auto; overscroll-behavior: contain; }
  li { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; position: relative; }
  .name { font-weight: 600; }
  .role { color: var(--_muted); font-size: 0.85em; }
  .hand { font-size: 0.8em; font-weight: 600; padding: 0 0.4em; border-radius: 1em; background: var(--_accent); color: var(--_on-accent); }
  .more { min-height: 36px; padding: 0.1rem 0.6rem; margin-inline-start: auto; }
  [role='menu'] {
    position: absolute; inset-inline-end: 0; top: 100%; z-index: 5; margin: 0; padding: 0.25rem; list-style: none;
    background: var(--_bg); border: 1px solid var(--_border); border-radius: var(--_radius); box-shadow: 0 6px 20px rgb(0 0 0 / 0.2);
    display: grid; min-width: 12rem;
  }
  [role='menuitem'] { text-align: start; border: 0; background: transparent; min-height: 40px; }
  [role='menuitem']:hover, [role='menuitem']:focus-visible { background: var(--_surface); }
`;
