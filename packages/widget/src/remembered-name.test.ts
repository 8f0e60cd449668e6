// The first file keeps its own copy of the screen-name rule (no zod there):
// it must accept exactly what the server's schema accepts.
import { expect } from '@esm-bundle/chai';
import { screenNameSchema } from '@parlor/core/protocol';
import { SCREEN_NAME } from './remembered-name.js';

const samples = [
  'Mo', 'M', 'Moonbeam', 'moon beam', "O'Neil", 'jean-luc', 'dr.who', 'under_score', '42', 'Zoë', 'Ångström', 'Дмитрий', 'محمد',
  '李小龙', 'क्षत्रिय', 'x'.repeat(32), 'x'.repeat(33), ' lead', '-dash', '.dot', '_under', 'a b', 'a  b', 'tab\there', 'new\nline',
  '<b>x</b>', 'x"y', 'x`y', 'a&b', 'emoji😀', 'zero\u200bwidth', 'e\u0301', '\u0301e', 'ﬁne', 'Ⅻ', '٣٤', '', ' ', 'ab ',
];

describe('the first file’s screen-name rule', () => {
  it('accepts and refuses exactly what the server’s screenNameSchema does (trimmed first, as both do)', () => {
    for (const raw of samples) {
      const name = raw.trim();
      expect(SCREEN_NAME.test(name), JSON.stringify(raw)).to.equal(screenNameSchema.safeParse(raw).success);
    }
  });
});
