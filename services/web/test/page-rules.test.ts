import { fieldErrorsOf } from '../src/app/page';
import { safeReturnTo } from '../src/domain/sessions/session-ids';
import { licenceBodyOf, parseAmount, statusBodyOf } from '../src/pages/operator/licence-input';

describe('safeReturnTo', () => {
  it.each([
    ['/licences?status=pending', '/licences?status=pending'],
    ['/licences/1#x', '/licences/1'],
    ['https://evil.example/', '/'],
    ['//evil.example/path', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/auth/login', '/'],
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
    ['/a\nb', '/'],
    [undefined, '/'],
    [['/a', '/b'], '/'],
  ])('should turn %p into %p', (given, expected) => {
    expect(safeReturnTo(given)).toBe(expected);
  });
});

describe('fieldErrorsOf', () => {
  it('should key the first message of each field by the form field name', () => {
    const problem = {
      title: 'The request has invalid fields',
      errors: [
        { field: 'decisionDate', message: 'is required when the status is granted' },
        { field: 'decisionDate', message: 'second message' },
        { field: 'exporter.name', message: 'must have at least 2 characters' },
      ],
    };

    expect(fieldErrorsOf(problem, { 'exporter.name': 'exporterName' })).toEqual({
      decisionDate: 'is required when the status is granted',
      exporterName: 'must have at least 2 characters',
    });
  });
});

describe('parseAmount', () => {
  it.each([
    ['1250.5', 1250.5],
    ['1 250,5', 1250.5],
    ['1,250.5', 1250.5],
    ['', undefined],
  ])('should read %p as %p', (typed, expected) => {
    expect(parseAmount(typed)).toBe(expected);
  });

  it('should not read words as a number', () => {
    expect(parseAmount('about ten')).toBeNaN();
  });
});

describe('licenceBodyOf', () => {
  const form = {
    licenceNumber: ' LIC-1 ',
    licenceType: 'individual',
    applicationDate: '2025-10-01',
    'exporter.name': 'JL Mag',
    'exporter.creditCode': '',
    sector: 'automotive',
    elements: ['dysprosium', 'terbium'],
    productType: 'magnets_ndfeb',
    quantityKg: '12,5',
    valueEur: '',
    status: 'pending',
    customsStatus: 'not_started',
    mofcomCentralLevel: 'true',
  };

  it('should leave empty optional fields out of a registration and read the confirmation', () => {
    const { body, errors } = licenceBodyOf(form, 'register');

    expect(errors).toEqual({});
    expect(body).toEqual({
      licenceNumber: 'LIC-1',
      licenceType: 'individual',
      applicationDate: '2025-10-01',
      exporter: { name: 'JL Mag' },
      sector: 'automotive',
      elements: ['dysprosium', 'terbium'],
      productType: 'magnets_ndfeb',
      quantityKg: 12.5,
      urgent: false,
      status: 'pending',
      customsStatus: 'not_started',
      mofcomCentralLevel: true,
    });
  });

  it('should clear emptied optional fields on edit, and never send the number or the confirmation', () => {
    const { body } = licenceBodyOf({ ...form, customsNote: '' }, 'edit');

    expect(body).toMatchObject({ valueEur: null, customsNote: null, decisionDate: null });
    expect(body).not.toHaveProperty('licenceNumber');
    expect(body).not.toHaveProperty('mofcomCentralLevel');
  });

  it('should name a quantity it cannot read, and still send it for the API to check the rest', () => {
    const { body, errors } = licenceBodyOf({ ...form, quantityKg: 'ten' }, 'register');

    expect(errors).toEqual({ quantityKg: 'must be a number, for example 12.5' });
    expect(body.quantityKg).toBe('ten');
  });
});

describe('statusBodyOf', () => {
  it('should send the status fields only, an empty decision date as null', () => {
    expect(statusBodyOf({ status: 'granted', decisionDate: '', customsStatus: 'cleared', customsNote: '', sector: 'x' })).toEqual({
      status: 'granted',
      decisionDate: null,
      customsStatus: 'cleared',
      customsNote: null,
    });
  });
});
