import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReadme } from '../../src/docs/readme-tables';
import { ERROR_CODES } from '../../src/errors';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  test('its generated tables match the code (run `npm run docs` after changing defaults, codes or profiles)', () => {
    expect(renderReadme(readme)).toBe(readme);
  });

  test('documents every stable error code', () => {
    for (const code of Object.keys(ERROR_CODES)) expect(readme).toContain(`\`${code}\``);
  });

  test('gives the two set-up commands and the test command', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm test');
  });
});
