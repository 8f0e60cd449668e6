import { expect } from '@esm-bundle/chai';
import { en } from './en.js';
import { es } from './es.js';
import { ar } from './ar.js';
import { enErrors } from './en-errors.js';
import { Localizer, loadLocalizer, registerEnglish } from './index.js';
import { ErrorCode, ParlorError } from '@parlor/core';
import type { Strings } from './index.js';

registerEnglish({ ...en, ...enErrors });
const english = { ...en, ...enErrors };

const catalogues: Array<[string, Strings]> = [
  ['es', es],
  ['ar', ar],
];

describe('i18n catalogues', () => {
  for (const [lang, strings] of catalogues) {
    it(`${lang} has every key English has, and no others`, () => {
      expect(Object.keys(strings).sort()).to.deep.equal(Object.keys(english).sort());
    });

    it(`${lang} has every plural form its language uses, and keeps the placeholders`, () => {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [key, value] of Object.entries(english)) {
        const translated = strings[key as keyof Strings];
        if (typeof value === 'string') {
          expect(translated, key).to.be.a('string').and.not.equal('');
          for (const ph of value.match(/\{\w+\}/g) ?? []) expect(translated as string, `${lang}.${key}`).to.include(ph);
        } else {
          for (const c of categories) expect(translated, `${lang}.${key}.${c}`).to.have.property(c);
        }
      }
    });
  }

  it('in a right-to-left language, a value keeps its own direction (isolated); numbers and left-to-right languages are left as they are', () => {
    const arabic = new Localizer('ar', ar);
    expect(arabic.t('termsIntro', { version: '2026-11' })).to.include('\u20682026-11\u2069');
    expect(arabic.t('viewerCount', { count: 3 })).to.not.include('\u2068');
    expect(new Localizer('es', es).t('termsIntro', { version: '2026-11' })).to.include('(versión 2026-11)');
  });

  it('registering English again (the room chunk, after the error texts came) keeps the error texts', () => {
    // The consent step's chunk registers en and then en + the error texts; the
    // room's parts register en again later: a plain `en` must not undo them.
    registerEnglish(en);
    expect(new Localizer().error({ code: 'network', message: 'RAW' })).to.equal(enErrors.error_network);
    expect(new Localizer().t('leave')).to.equal(en.leave);
  });

  it('every error code has a text (loaded apart from the room code, with the English errors)', () => {
    for (const code of Object.values(ErrorCode)) expect(enErrors, code).to.have.property(`error_${code}`);
  });

  it('an error shows the text for its code in the language, with the seconds to wait; the message only for an unknown code', () => {
    const spanish = new Localizer('es', es);
    expect(spanish.error(new ParlorError(ErrorCode.CameraDenied, 'Camera blocked'))).to.equal(es.error_camera_denied);
    expect(new Localizer('ar', ar).error(new ParlorError(ErrorCode.NoDevice, 'No camera'))).to.equal(ar.error_no_device);
    expect(spanish.error(new ParlorError(ErrorCode.RateLimited, 'Slow down', { retryAfter: 2.5 }))).to.equal('Vas demasiado rápido. Inténtalo de nuevo en 3 segundos.');
    expect(new Localizer('en').error(new ParlorError(ErrorCode.RateLimited, 'Slow down', { retryAfter: 1 }))).to.equal('You are going too fast. Try again in 1 second.');
    expect(spanish.error(new ParlorError(ErrorCode.RateLimited, 'Slow down'))).to.equal(es.error_rate_limited);
    expect(spanish.error(new ParlorError('brand_new' as ErrorCode, 'Something new'))).to.equal('Something new');
    expect(spanish.error(new TypeError('Failed to fetch'))).to.equal('Failed to fetch');
    expect(new Localizer('es', { ...es, error_camera_denied: 'Sin cámara' }).error(new ParlorError(ErrorCode.CameraDenied, 'x'))).to.equal('Sin cámara');
  });

  it('picks plural forms with Intl.PluralRules', () => {
    const en1 = new Localizer('en');
    expect(en1.t('participantCount', { count: 1 })).to.equal('1 person');
    expect(en1.t('participantCount', { count: 3 })).to.equal('3 people');
    const arabic = new Localizer('ar', ar);
    expect(arabic.t('participantCount', { count: 2 })).to.equal('شخصان');
    expect(arabic.t('participantCount', { count: 5 })).to.equal('5 أشخاص');
    expect(arabic.t('participantCount', { count: 11 })).to.equal('11 شخصًا');
  });

  it('overrides win over the catalogue, and Arabic is right to left', async () => {
    const l = await loadLocalizer('ar', { leave: 'Bye' });
    expect(l.dir).to.equal('rtl');
    expect(l.t('leave')).to.equal('Bye');
    expect(l.t('send')).to.equal('إرسال');
    expect((await loadLocalizer('es-MX')).t('send')).to.equal('Enviar');
  });

  it('falls back to English for an unknown language', async () => {
    const l = await loadLocalizer('xx');
    expect(l.lang).to.equal('en');
    expect(l.dir).to.equal('ltr');
    expect(l.t('send')).to.equal('Send');
  });
});
