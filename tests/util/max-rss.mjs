// Preloaded (`node --import`) into a command under test: prints the process's peak resident
// set size, in kilobytes, as the last line of stderr when it exits, so a test can bound the
// memory a real `absad` run used.
process.on('exit', () => {
  process.stderr.write(`\nmax-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
