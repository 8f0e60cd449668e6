import { createContext } from '@lit/context';
import type { RoomClient } from '@parlor/core';
import type { Localizer } from './i18n/index.js';

/** The room client, provided by `<parlor-room>` to its parts. */
export const clientContext = createContext<RoomClient | undefined>(Symbol.for('parlor.client'));
/** The active string catalogue, provided by `<parlor-room>`. */
export const localizerContext = createContext<Localizer>(Symbol.for('parlor.localizer'));
