import { expect } from '@esm-bundle/chai';
import { en } from './en.js';
import { es } from './es.js';
import { ar } from './ar.js';
import { Localizer, loadLocalizer, registerEnglish } from './index.js';
import type { Strings } from './index.js';

registerEnglish(en);

const catalogues: Array<[string, Strings]> = [
  ['es', es],
  ['ar', ar],
];

describe('i18n catalogues', () => {
  for (const [lang, strings] of catalogues) {
    it(`${lang} has every key English has, and no others`, () => {
      expect(Object.keys(strings).sort()).to.deep.equal(Object.keys(en).sort());
    });

    it(`${lang} has every plural form its language uses, and keeps the placeholders`, () => {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [key, value] of Object.entries(en)) {
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
