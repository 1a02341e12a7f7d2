import { MailDispatchError, toMailDispatchError } from '../src/infrastructure/mail';

const nodemailerError = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? 'failed')), fields);

describe(toMailDispatchError.name, () => {
  it.each([
    ['a 421 (service closing)', { code: 'EENVELOPE', responseCode: 421 }, true],
    ['a 451 at DATA', { code: 'EMESSAGE', responseCode: 451 }, true],
    ['a 452 (storage full)', { code: 'EENVELOPE', responseCode: 452 }, true],
    ['a 503 (bad sequence: the session, not the message)', { code: 'EPROTOCOL', responseCode: 503 }, true],
    ['a 550 (mailbox unavailable)', { code: 'EENVELOPE', responseCode: 550 }, false],
    ['a 554 at DATA', { code: 'EMESSAGE', responseCode: 554 }, false],
    ['a 535 login refused', { code: 'EAUTH', responseCode: 535 }, false],
    ['a 454 login refused for now', { code: 'EAUTH', responseCode: 454 }, true],
    ['connection refused', { code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, true],
    ['a dropped connection', { code: 'ECONNECTION' }, true],
    ['a timeout', { code: 'ETIMEDOUT' }, true],
    ['a DNS failure', { code: 'EDNS' }, true],
    ['a TLS failure', { code: 'ETLS' }, false],
    ['missing credentials', { code: 'ENOAUTH' }, false],
    ['an unknown failure', {}, true],
  ])('should classify %s as transient: %s', (_what, fields, transient) => {
    const failure = toMailDispatchError(nodemailerError(fields), 'sending');

    expect(failure).toBeInstanceOf(MailDispatchError);
    expect(failure.transient).toBe(transient);
    expect(failure.message).toMatch(
      transient ? /^sending failed \(transient/ : /^sending failed \(permanent\)/,
    );
  });

  it('should keep the most precise code, the reply code and the cause', () => {
    const cause = nodemailerError({
      code: 'ESOCKET',
      originalCode: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED',
    });

    const failure = toMailDispatchError(cause, 'sending');

    expect(failure).toMatchObject({ code: 'ECONNREFUSED', responseCode: undefined, cause });
  });

  it('should hand back a MailDispatchError as it is', () => {
    const failure = new MailDispatchError('already classified', false);

    expect(toMailDispatchError(failure, 'sending')).toBe(failure);
  });
});
