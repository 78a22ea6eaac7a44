#!/usr/bin/env node
// Entry point for `npx dvc-sync` and `npm start`: runs the compiled CLI (dist/, built by `npm run build`,
// which `npm ci` runs through `prepare`), so no TypeScript is compiled at run time.
let cli;
try {
  cli = await import('../dist/src/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/src/cli/main.js')) throw error;
  process.stderr.write("Lỗi [NOT_BUILT]: chưa có bản dịch dist/ của dvc-sync; chạy 'npm run build' (npm ci cũng tự chạy) rồi thử lại\n");
  process.exit(1);
}
process.exitCode = await cli.main(process.argv);
