// Lints in-memory snippets as if they were files of this repository, with its eslint.config.mjs.
// A child process, because ESLint loads that (ESM) config with a dynamic import, which jest's module
// sandbox refuses. stdin: [{ filePath, code }]; stdout: per snippet, its messages.
import { ESLint } from 'eslint';

const input = JSON.parse(
  await new Promise((resolve) => {
    let text = '';
    process.stdin
      .setEncoding('utf8')
      .on('data', (chunk) => (text += chunk))
      .on('end', () => resolve(text));
  }),
);
const eslint = new ESLint({ cwd: process.argv[2] });
const out = [];
for (const { filePath, code } of input) {
  const [result] = await eslint.lintText(code, { filePath });
  out.push((result?.messages ?? []).map(({ ruleId, line, message }) => ({ ruleId, line, message })));
}
process.stdout.write(JSON.stringify(out));
