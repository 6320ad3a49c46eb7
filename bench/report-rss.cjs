// Preloaded into a benchmarked process (NODE_OPTIONS=--require): writes its peak RSS on exit.
const { appendFileSync } = require('node:fs');
process.on('exit', () => {
  const file = process.env.BENCH_RSS_FILE;
  if (file) appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
});
