import type { Strings } from './en.js';

/** Spanish. */
export const es: Partial<Strings> = {
  title: 'Sala en vivo',
  screenNameLabel: 'Nombre en pantalla',
  screenNameHint: 'Elige un apodo. Por favor, no uses tu nombre real.',
  continue: 'Continuar',
  join: 'Entrar en la sala',
  leave: 'Salir',
  send: 'Enviar',
  chat: 'Chat',
};
