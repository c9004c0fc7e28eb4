import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startReceiver, type Receiver } from '../../src/library/receiver';
import { conform, type ConformOptions } from '../../src/conform/run';
import { HttpDriver } from '../../src/conform/drivers/http';
import { parseScript } from '../../src/conform/script';
import type { Driver } from '../../src/conform/drivers/types';
import type { ConformResult, ModuleStatus } from '../../src/conform/types';
import { VENDORS, type ProfileId, type Vendor } from '../../src/vendors';
import { examplePath } from '../../src/verify/contract';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startIdp, USERS } = require('./idps/node-idp.js') as {
  startIdp(config: Record<string, unknown>): Promise<SampleIdp>;
  USERS: Record<string, { email: string; name: string }>;
};

/** A key of HappyFox's shape (32 alphanumeric characters), which every vendor accepts. */
export const IDP_SECRET = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

export interface SampleIdp {
  url: string;
  loginUrl: string;
  logoutUrl: string;
  setConsumeUrl(url: string): void;
  close(): Promise<void>;
}

/** The sample IdPs' users as a run's script names them: alice by default, zoe (+ and non-ASCII) as `special`. */
export const USERS_SCRIPT = parseScript({
  users: {
    default: { username: 'alice', password: 'alice-pw' },
    special: { username: 'zoe', password: 'zoe-pw', email: USERS.zoe?.email, name: USERS.zoe?.name, query: { user: 'special' } },
  },
  pages: [
    {
      match: '/login',
      tasks: [{ fill: '#username', value: '{{user.username}}' }, { fill: '#password', value: '{{user.password}}' }, { click: '#signin' }],
    },
  ],
});

/** The Python sample IdP (standard library only), started as a child process that prints its URL. */
export async function startPythonIdp(config: Record<string, unknown>): Promise<SampleIdp> {
  const child = spawn('python3', [join(__dirname, 'idps', 'python_idp.py'), JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`python_idp.py exited with ${code}`)));
  });
  const url = line.trim();
  return {
    url,
    loginUrl: `${url}/login`,
    logoutUrl: `${url}/logout`,
    setConsumeUrl() {
      throw new Error('the Python IdP is given its consume URL at start');
    },
    close: () => new Promise((resolve) => (child.once('exit', () => resolve()), child.kill())),
  };
}

export interface SampleRun {
  vendor: ProfileId;
  flaw?: string;
  language?: 'node' | 'python';
  form?: boolean;
  driver?: (receiver: Receiver) => Promise<Driver> | Driver;
  options?: Partial<ConformOptions>;
  /** More of the IdP's config (a vendor of one's own names its tokenParam and returnParam). */
  idp?: Record<string, unknown>;
}

/** A receiver for `vendor` pointed at a sample IdP (correct, or with `flaw`), and a conformance run through it. */
export async function runSample(run: SampleRun): Promise<ConformResult> {
  // The receiver first: the IdP must know its consume URL, the receiver the IdP's URLs; a fixed port order solves it.
  const probe = await startReceiver({ secret: IDP_SECRET, profile: run.vendor });
  // The IdP is configured with the vendor's consume URL, as an admin pastes it (Deskpro's also comes in its `return` parameter).
  const consumeUrl = `${probe.url}${examplePath((VENDORS as Record<string, Vendor>)[run.vendor]?.contract.consume[0] ?? { methods: [], path: '/', tokenParam: '' })}`;
  const port = Number(new URL(probe.url).port);
  await probe.close();
  const config = { vendor: run.vendor, secret: IDP_SECRET, flaw: run.flaw ?? null, form: run.form ?? false, consumeUrl, ...run.idp };
  const idp = run.language === 'python' ? await startPythonIdp(config) : await startIdp({ ...config });
  const receiver = await startReceiver({
    port,
    tenants: [{ id: 'default', profile: run.vendor, secret: IDP_SECRET, remoteLoginUrl: idp.loginUrl, remoteLogoutUrl: idp.logoutUrl }],
  });
  const driver = run.driver ? await run.driver(receiver) : new HttpDriver();
  try {
    return await conform({ receiver, driver, secrets: [IDP_SECRET], users: USERS_SCRIPT.users, timeoutMs: 10_000, ...run.options });
  } finally {
    await driver.close();
    await receiver.close();
    await idp.close();
  }
}

/** Every plan's modules, in the order a run takes them. */
export const MODULE_IDS = [
  'secret-strength',
  'happy-path',
  'fresh-replay-key',
  'iat-freshness',
  'return-url',
  'transport',
  're-login',
  'special-user',
  'identity-stability',
  'logout',
  'refusal-handling',
  'forged-request',
];

/** Module id -> status, what the tests assert on. */
export function statuses(result: ConformResult): Record<string, ModuleStatus> {
  return Object.fromEntries(result.modules.map((m) => [m.id, m.status]));
}

export const failedIds = (result: ConformResult): string[] => result.modules.filter((m) => m.status === 'FAILED').map((m) => m.id);
