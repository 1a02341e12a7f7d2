export * from './mofcom-mailer';
export * from './mail-dispatch.error';
export { batchMessageId } from './mofcom-message';
