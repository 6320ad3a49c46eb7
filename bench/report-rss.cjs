// Preloaded into a benchmarked process (NODE_OPTIONS=--require): writes its peak RSS on exit,
// and with BENCH_CPU_FILE its CPU seconds (user + system) and when its work began.
const { appendFileSync } = require('node:fs');
process.on('exit', () => {
  const usage = process.resourceUsage();
  const file = process.env.BENCH_RSS_FILE;
  if (file) appendFileSync(file, `${usage.maxRSS}\n`);
  const cpu = process.env.BENCH_CPU_FILE;
  if (cpu) appendFileSync(cpu, `${(usage.userCPUTime + usage.systemCPUTime) / 1e6}\n`);
});
