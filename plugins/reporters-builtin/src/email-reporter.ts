import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { DqError, type ReportContext, type Reporter, type ReportOutput } from '@dq/plugin-api';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { reportCharts } from './chart-models.js';
import { htmlReportPath, writeHtmlReport } from './html-report.js';
import { reportView, scorecardSubject, scorecardText } from './report-view.js';
import { sendWithRetry } from './smtp-send.js';
import { renderTemplate } from './templates.js';

/**
 * `dq report email`: the daily scorecard as an e-mail with HTML and text parts, the charts as
 * inline CID PNG images and the full HTML report attached. The report is written to disk before
 * sending, so it survives an SMTP failure. `dryRun` writes the message to a .eml file instead.
 */
export class EmailReporter implements Reporter {
  readonly name = 'email';
  readonly description = 'Scorecard e-mail over SMTP: inline PNG charts, the HTML report attached';

  async report(ctx: ReportContext): Promise<ReportOutput> {
    const { email } = ctx.config.reporting;
    const to = recipients(ctx.options.to) ?? email.to;
    const dryRun = typeof ctx.options.dryRun === 'string' ? resolve(ctx.options.dryRun) : undefined;
    if (to.length === 0 && !dryRun) {
      throw new DqError('DQ_USAGE', 'The scorecard e-mail has no recipient.', {
        hint: 'Pass --to ADDR or set reporting.email.to.',
      });
    }
    const data = await ctx.loadData();
    const reportFile = htmlReportPath(ctx, data);
    const reportHtml = await writeHtmlReport(ctx, data, reportFile);
    const renderer = ctx.charts();
    const charts = reportCharts(data);
    const images: Mail.Attachment[] = [];
    for (const chart of charts) {
      const png = await renderer.render(chart.model, 'png', ctx.config);
      images.push({
        filename: `${chart.id}.png`,
        content: png.data,
        contentType: png.contentType,
        cid: `${chart.id}@dq`,
      });
    }
    const attachmentName = basename(reportFile);
    const subject = scorecardSubject(data);
    const html = renderTemplate('email', {
      ...reportView(data),
      subject,
      attachmentName,
      charts: charts.map((c) => ({ cid: `${c.id}@dq`, caption: c.caption })),
    });
    const message: Mail.Options = {
      from: email.from,
      to,
      subject,
      text: scorecardText(data, attachmentName),
      html,
      attachments: [
        ...images,
        {
          filename: attachmentName,
          content: reportHtml,
          contentType: 'text/html; charset=utf-8',
          contentDisposition: 'attachment',
        },
      ],
    };
    if (dryRun) return this.writeEml(message, dryRun, reportFile);
    return this.send(ctx, message, reportFile);
  }

  private async writeEml(message: Mail.Options, file: string, reportFile: string): Promise<ReportOutput> {
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const info = await transport.sendMail(message);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, info.message as Buffer);
    return {
      files: [reportFile, file],
      summary: `Scorecard e-mail written to ${file} (not sent); HTML report: ${reportFile}`,
      details: { subject: message.subject, to: message.to, dryRun: true },
    };
  }

  private async send(ctx: ReportContext, message: Mail.Options, reportFile: string): Promise<ReportOutput> {
    const { smtp } = ctx.config.reporting.email;
    // Loaded on demand, like exceljs: only this command needs it.
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 20000,
    });
    const where = `${smtp.host}:${smtp.port}`;
    try {
      const sent = await sendWithRetry(transport, message, {
        onRetry: (attempt, err, delayMs) =>
          ctx.logger.warn(
            { attempt, delayMs, error: err.message, smtp: where },
            'SMTP send failed; retrying',
          ),
      });
      ctx.logger.info({ messageId: sent.messageId, to: message.to, smtp: where }, 'scorecard e-mail sent');
      return {
        files: [reportFile],
        summary: `Scorecard e-mail sent to ${(message.to as string[]).join(', ')} via ${where}; HTML report: ${reportFile}`,
        details: {
          subject: message.subject,
          to: message.to,
          messageId: sent.messageId,
          attempts: sent.attempts,
        },
      };
    } catch (err) {
      const attempts = (err as { attempts?: number }).attempts ?? 1;
      throw new DqError(
        'DQ_REPORT_FAILED',
        `Sending the scorecard e-mail through SMTP ${where} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${(err as Error).message}`,
        {
          cause: err,
          hint: `The HTML report was written to ${reportFile}. Check reporting.email.smtp (host, port, secure, user/pass) and that the server is up.`,
          details: { reportFile, smtp: where, attempts },
        },
      );
    } finally {
      transport.close();
    }
  }
}

function recipients(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0) return value.map(String);
  return undefined;
}
