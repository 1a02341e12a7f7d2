// The words of the batch e-mail to MOFCOM, in English and Chinese. Data minimisation: they name
// the run, the period and how many licences the file lists; nothing about any licence, company or
// person, and no address but the envelope's own (the file itself carries the two columns).

/** The default right-hand side of Message-IDs: the platform's, not the SMTP relay's host. */
export const MESSAGE_ID_DOMAIN = 'lmp.trade.ec.europa.eu';

export interface BatchWording {
  runNumber: number;
  /** First and last day the batch covers (ISO dates; a time part is ignored). */
  period: { from: string; to: string };
  itemCount: number;
  filename: string;
  urgent?: boolean;
}

/**
 * The same batch always gets the same Message-ID, so a resend after a crash between sending and
 * recording is recognisable at MOFCOM's end as the same dispatch, not a new batch.
 */
export function batchMessageId(batchId: string, domain = MESSAGE_ID_DOMAIN): string {
  return `<batch-${batchId}@${domain}>`;
}

const day = (iso: string) => iso.slice(0, 10);

export function batchSubject({ runNumber, period, urgent }: BatchWording): string {
  const from = day(period.from);
  const to = day(period.to);
  const en = `EU licence follow-up — ${urgent ? 'urgent batch' : 'batch'} ${runNumber} — ${from} to ${to}`;
  const zh = `欧盟许可证跟进 — 第${runNumber}批${urgent ? '（紧急）' : ''} — ${from} 至 ${to}`;
  return `${en} | ${zh}`;
}

export function batchText({ runNumber, period, itemCount, filename, urgent }: BatchWording): string {
  const from = day(period.from);
  const to = day(period.to);
  const noun = itemCount === 1 ? 'licence application' : 'licence applications';
  return [
    `EU licence follow-up, ${urgent ? 'urgent batch' : 'batch'} ${runNumber}, period ${from} to ${to}.`,
    `The attached file ${filename} lists ${itemCount} ${noun} still awaiting a decision,`,
    'in two columns: licence_number, submission_date.',
    '',
    `欧盟许可证跟进，第${runNumber}批${urgent ? '（紧急）' : ''}，期间 ${from} 至 ${to}。`,
    `附件 ${filename} 列出 ${itemCount} 份仍在等待决定的许可证申请，`,
    '共两列：licence_number（许可证编号）、submission_date（提交日期）。',
    '',
    'This message was sent automatically. 本邮件由系统自动发送。',
    '',
  ].join('\n');
}
