import { css } from 'lit';

export const devicePreviewStyles = css`
  :host { display: grid; gap: 0.5rem; }
  video { width: 100%; aspect-ratio: 16 / 9; background: #000; border-radius: var(--_radius); object-fit: cover; transform: scaleX(-1); }
  label { display: grid; gap: 0.25rem; font-weight: 600; }
  select { width: 100%; }
  meter { width: 100%; height: 0.6rem; }
`;
