import { commissionRule } from './commission-rule';

describe('commissionRule', () => {
  const isCommission = commissionRule([
    'ec.europa.eu',
    '.trade.europa.eu',
    'Liaison.Officer@Partner.example',
  ]);

  it.each([
    ['claire.dubois@ec.europa.eu', true],
    ['Claire.Dubois@EC.Europa.EU', true],
    ['analyst@dg.trade.europa.eu', true],
    ['liaison.officer@partner.example', true],
    ['someone@sub.ec.europa.eu', false],
    ['claire@ec.europa.eu.attacker.example', false],
    ['claire@notec.europa.eu', false],
    ['other@partner.example', false],
    ['no-at-sign', false],
  ])('%s → %s', (email, expected) => {
    expect(isCommission(email)).toBe(expected);
  });
});
