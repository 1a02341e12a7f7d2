import { LICENCE_COLUMNS, columnOfPath } from '../src/domain/import/licence-file.columns';

describe('LICENCE_COLUMNS', () => {
  it('has a column per field of POST /licences, the exporter flattened', () => {
    expect(LICENCE_COLUMNS.map((c) => c.name)).toEqual([
      'licenceNumber',
      'licenceType',
      'validFrom',
      'validTo',
      'applicationDate',
      'exporterName',
      'exporterCreditCode',
      'sector',
      'elements',
      'productType',
      'quantityKg',
      'valueEur',
      'urgent',
      'urgencyReason',
      'status',
      'decisionDate',
      'customsStatus',
      'customsNote',
      'mofcomCentralLevel',
    ]);
  });

  it('requires the fields that have no default', () => {
    expect(LICENCE_COLUMNS.filter((c) => c.required).map((c) => c.name)).toEqual([
      'licenceNumber',
      'licenceType',
      'applicationDate',
      'exporterName',
      'sector',
      'elements',
      'productType',
      'quantityKg',
      'mofcomCentralLevel',
    ]);
  });

  it('reads each column as its field type', () => {
    const kinds = Object.fromEntries(LICENCE_COLUMNS.map((c) => [c.name, c.kind]));
    expect(kinds).toMatchObject({
      licenceNumber: 'text',
      applicationDate: 'text',
      sector: 'choice',
      elements: 'list',
      quantityKg: 'number',
      urgent: 'boolean',
      mofcomCentralLevel: 'boolean',
    });
  });

  it('points a validation path at its column', () => {
    expect(columnOfPath(['exporter', 'creditCode'])?.name).toBe('exporterCreditCode');
    expect(columnOfPath(['elements', 2])?.name).toBe('elements');
    expect(columnOfPath(['quantityKg'])?.name).toBe('quantityKg');
  });
});
