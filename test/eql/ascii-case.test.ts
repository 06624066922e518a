import { expect } from 'chai';
import { asciiLower } from '../../src/mapping/ascii-case.js';

describe('ASCII case folding', () => {
  it('folds A-Z only, whatever else the string holds', () => {
    expect(asciiLower('installer')).to.equal('installer');
    expect(asciiLower('CMD.EXE')).to.equal('cmd.exe');
    expect(asciiLower('CAFÉ')).to.equal('cafÉ');
    expect(asciiLower('café')).to.equal('café');
    expect(asciiLower('\u212Aelvin')).to.equal('\u212Aelvin');
    expect(asciiLower('\u0130X')).to.equal('\u0130x');
    expect(asciiLower('ÀB😀C')).to.equal('Àb😀c');
    expect(asciiLower('')).to.equal('');
  });

  it('agrees with a per-character fold on every mix of cases and scripts', () => {
    const alphabet = ['a', 'Z', 'q', 'M', '0', '_', 'é', 'É', 'İ', 'ß', '\u212A', 'Σ', '😀'];
    const reference = (s: string) => [...s].map((c) => (c >= 'A' && c <= 'Z' ? c.toLowerCase() : c)).join('');
    let x = 1;
    for (let i = 0; i < 5000; i++) {
      let s = '';
      for (let n = i % 9; n > 0; n--) {
        x = (x * 48271) % 2147483647;
        s += alphabet[x % alphabet.length];
      }
      expect(asciiLower(s), JSON.stringify(s)).to.equal(reference(s));
    }
  });
});
