// One frame for every mail: the blocks of a template become the plain-text part and the HTML part
// side by side, so both say the same thing, and escaping happens here, through `html`, only.
import { html, linesToHtml, type SafeHtml } from './html';
import { subjectLine, webUrl } from './mail-format';
import type { RenderedMail } from './mail-template.types';

export const PLATFORM_VOICE = 'EU licence monitoring platform — European Commission, DG TRADE';

export type MailBlock =
  | { type: 'paragraph'; text: string }
  /** A quoted message: line breaks kept. */
  | { type: 'quote'; text: string }
  /** Label / value pairs. */
  | { type: 'facts'; items: [label: string, value: string][] }
  /** A call to action: a button in HTML, `label: url` in text. */
  | { type: 'action'; label: string; url: string }
  | { type: 'table'; columns: string[]; rows: string[][]; numeric?: number[] }
  | { type: 'heading'; text: string };

export interface MailContent {
  subject: string;
  /** Shown by mail clients next to the subject. */
  preview: string;
  greetingName: string | null;
  blocks: MailBlock[];
  /** Why the person receives it, one sentence. */
  reason: string;
  /** The one-click unsubscribe line; absent for transactional mail. */
  unsubscribe?: { label: string; url: string };
}

const BLUE = '#004494';

export function renderMail(content: MailContent): RenderedMail {
  const subject = subjectLine(content.subject);
  const blocks = content.blocks.map((block) =>
    block.type === 'action' ? { ...block, url: webUrl(block.url, block.label) } : block,
  );
  const unsubscribe = content.unsubscribe && {
    ...content.unsubscribe,
    url: webUrl(content.unsubscribe.url, 'unsubscribeUrl'),
  };
  const greeting = content.greetingName ? `Dear ${content.greetingName},` : 'Hello,';
  return {
    subject,
    text: renderText(greeting, blocks, content.reason, unsubscribe),
    html: renderHtml(subject, content.preview, greeting, blocks, content.reason, unsubscribe).toString(),
  };
}

function renderText(
  greeting: string,
  blocks: MailBlock[],
  reason: string,
  unsubscribe: MailContent['unsubscribe'],
): string {
  const parts = [greeting, ...blocks.map(blockText)];
  // "-- " on its own line: mail clients recognise the signature and keep it out of replies.
  const footer = ['-- ', PLATFORM_VOICE, reason];
  if (unsubscribe) footer.push(`${unsubscribe.label}: ${unsubscribe.url}`);
  return `${[...parts, footer.join('\n')].join('\n\n')}\n`;
}

function blockText(block: MailBlock): string {
  switch (block.type) {
    case 'paragraph':
      return block.text;
    case 'heading':
      return `${block.text}\n${'-'.repeat(Math.min(Array.from(block.text).length, 72))}`;
    case 'quote':
      return block.text
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n');
    case 'facts': {
      const width = Math.max(...block.items.map(([label]) => label.length)) + 1;
      return block.items.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`).join('\n');
    }
    case 'action':
      return `${block.label}:\n${block.url}`;
    case 'table':
      return textTable(block.columns, block.rows);
  }
}

/** Columns padded to their widest cell (cut at 40 characters), one row a line: readable for thousands. */
function textTable(columns: string[], rows: string[][]): string {
  const widths = columns.map((column, i) =>
    Math.min(40, Math.max(column.length, ...rows.map((row) => Array.from(row[i] ?? '').length))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const chars = Array.from(cell);
        const fitted = chars.length > widths[i]! ? `${chars.slice(0, widths[i]! - 1).join('')}…` : cell;
        return fitted.padEnd(widths[i]! + (fitted.length - Array.from(fitted).length));
      })
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function renderHtml(
  subject: string,
  preview: string,
  greeting: string,
  blocks: MailBlock[],
  reason: string,
  unsubscribe: MailContent['unsubscribe'],
): SafeHtml {
  return html`<!DOCTYPE html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>${subject}</title>
      </head>
      <body
        style="margin:0;padding:0;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a"
      >
        <div style="display:none;max-height:0;overflow:hidden">${preview}</div>
        <table
          role="presentation"
          width="100%"
          cellpadding="0"
          cellspacing="0"
          border="0"
          style="background:#f3f4f6"
        >
          <tr>
            <td align="center" style="padding:24px 12px">
              <table
                role="presentation"
                width="680"
                cellpadding="0"
                cellspacing="0"
                border="0"
                style="max-width:680px;width:100%;background:#ffffff;border-top:4px solid ${BLUE}"
              >
                <tr>
                  <td style="padding:20px 28px 4px;font-size:13px;color:#404040">
                    EU licence monitoring platform<br /><strong style="color:${BLUE}"
                      >European Commission, DG TRADE</strong
                    >
                  </td>
                </tr>
                <tr>
                  <td style="padding:12px 28px 24px;font-size:15px;line-height:1.5">
                    <p style="margin:0 0 14px">${greeting}</p>
                    ${blocks.map(blockHtml)}
                  </td>
                </tr>
                <tr>
                  <td
                    style="padding:16px 28px 20px;border-top:1px solid #e0e0e0;font-size:12px;line-height:1.5;color:#595959"
                  >
                    <p style="margin:0 0 6px">${PLATFORM_VOICE}</p>
                    <p style="margin:0 0 6px">${reason}</p>
                    ${unsubscribe ? html`<p style="margin:0"><a href="${unsubscribe.url}" style="color:#595959">${unsubscribe.label}</a></p>` : ''}
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html> `;
}

function blockHtml(block: MailBlock): SafeHtml {
  switch (block.type) {
    case 'paragraph':
      return html`<p style="margin:0 0 14px">${block.text}</p> `;
    case 'heading':
      return html`<h2 style="margin:20px 0 8px;font-size:16px;color:${BLUE}">${block.text}</h2> `;
    case 'quote':
      return html`<blockquote
        style="margin:0 0 14px;padding:8px 14px;border-left:3px solid #c5cbd3;background:#f7f8fa;color:#333333"
      >
        ${linesToHtml(block.text)}
      </blockquote> `;
    case 'facts':
      return html`<table
        role="presentation"
        cellpadding="4"
        cellspacing="0"
        border="0"
        style="margin:0 0 14px;font-size:15px"
      >
        ${block.items.map(
          ([label, value]) =>
            html`<tr>
              <td style="color:#595959;padding-right:16px">${label}</td>
              <td><strong>${value}</strong></td>
            </tr>`,
        )}
      </table> `;
    case 'action':
      return html`<p style="margin:20px 0">
        <a
          href="${block.url}"
          style="display:inline-block;padding:10px 18px;background:${BLUE};color:#ffffff;text-decoration:none;border-radius:3px;font-weight:bold"
          >${block.label}</a
        >
      </p> `;
    case 'table':
      return tableHtml(block.columns, block.rows, new Set(block.numeric ?? []));
  }
}

// Markup per row kept small on purpose: 1,000 rows stay far below the size at which webmail
// clients cut a message (about 100 KB for Gmail).
function tableHtml(columns: string[], rows: string[][], numeric: Set<number>): SafeHtml {
  const align = (i: number) => (numeric.has(i) ? html` align="right"` : '');
  return html`<table
    cellpadding="5"
    cellspacing="0"
    border="1"
    bordercolor="#d0d5dc"
    style="margin:0 0 14px;border-collapse:collapse;font-size:14px;width:100%"
  >
    <thead>
      <tr style="background:#e8edf4">
        ${columns.map((column, i) => html`<th${align(i)}${numeric.has(i) ? '' : html` align="left"`}>${column}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map((row, r) => html`<tr${r % 2 ? html` bgcolor="#f6f8fb"` : ''}>${row.map((cell, i) => html`<td${align(i)}>${cell}</td>`)}</tr>\n`)}
    </tbody>
  </table> `;
}
