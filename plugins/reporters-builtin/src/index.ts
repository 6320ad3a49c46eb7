import { definePlugin, tokens } from '@dq/plugin-api';
import { DocsReporter } from './docs/docs-reporter.js';
import { EmailReporter } from './email-reporter.js';
import { HtmlReporter } from './html-reporter.js';
import { JsonReporter } from './json-reporter.js';
import { JunitReporter } from './junit-reporter.js';

export { fieldMappingRows, lineageRows, scdRows } from './docs/mapping-rows.js';
export { SHEETS } from './docs/workbook.js';
export { renderJunit } from './junit-xml.js';
export { isTransientSmtpError, sendWithRetry } from './smtp-send.js';
export { DocsReporter, EmailReporter, HtmlReporter, JsonReporter, JunitReporter };

export default definePlugin({
  id: 'reporters-builtin',
  apiVersion: 1,
  description:
    'Reporters: HTML dashboard, scorecard e-mail, documentation (xlsx + markdown), JUnit XML, JSON results',
  register(reg) {
    reg.provide(tokens.reporter, HtmlReporter);
    reg.provide(tokens.reporter, EmailReporter);
    reg.provide(tokens.reporter, DocsReporter);
    reg.provide(tokens.reporter, JunitReporter);
    reg.provide(tokens.reporter, JsonReporter);
  },
});
