import { definePlugin, tokens } from '@dq/plugin-api';
import { DocsReporter } from './docs/docs-reporter.js';
import { EmailReporter } from './email-reporter.js';
import { HtmlReporter } from './html-reporter.js';

export { fieldMappingRows, lineageRows, scdRows } from './docs/mapping-rows.js';
export { SHEETS } from './docs/workbook.js';
export { isTransientSmtpError, sendWithRetry } from './smtp-send.js';
export { DocsReporter, EmailReporter, HtmlReporter };

export default definePlugin({
  id: 'reporters-builtin',
  apiVersion: 1,
  description: 'Reporters: HTML dashboard, scorecard e-mail, documentation (xlsx + markdown)',
  register(reg) {
    reg.provide(tokens.reporter, HtmlReporter);
    reg.provide(tokens.reporter, EmailReporter);
    reg.provide(tokens.reporter, DocsReporter);
  },
});
