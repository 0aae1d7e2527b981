// Opens a page in a real headless Chromium (Debian's `chromium` package) and reports what a
// reader would see: console errors, uncaught exceptions, network requests, elements' sizes, a
// screenshot. It speaks the DevTools protocol over --remote-debugging-pipe (file descriptors 3
// and 4, NUL-separated JSON), so it needs no npm package and no free TCP port.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** $CHROMIUM, or the first of the usual install paths that exists. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM) return existsSync(env.CHROMIUM) ? env.CHROMIUM : undefined;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

export interface PageReport {
  /** console.error/assert calls, uncaught exceptions, and browser log errors (CSP violations, failed loads). */
  errors: string[];
  /** Every URL the page requested besides itself. */
  requests: string[];
  /** Whatever `evaluate` returned, JSON round-tripped. */
  evaluated: unknown;
  /** PNG bytes of the full page, when asked for. */
  screenshot?: Buffer;
}

export interface OpenOptions {
  chromium: string;
  /** The viewport: a laptop by default. */
  width?: number;
  height?: number;
  /** An expression evaluated in the page after load; its JSON value is returned. */
  evaluate?: string;
  screenshot?: boolean;
  /** Only this part of the page (CSS pixels), instead of all of it. */
  clip?: { x: number; y: number; width: number; height: number };
  timeoutMs?: number;
}

/** The flags for a hermetic, headless run as root in a container or CI. */
export function chromiumArgs(userDataDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-extensions',
    '--no-first-run',
    '--no-default-browser-check',
    '--mute-audio',
    '--hide-scrollbars',
    `--user-data-dir=${userDataDir}`,
    '--remote-debugging-pipe',
  ];
}

export async function openPage(file: string, opts: OpenOptions): Promise<PageReport> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'zeek-budget-chromium-'));
  const child = spawn(opts.chromium, chromiumArgs(profile), { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.on('data', (b: Buffer) => stderr.push(b.toString()));
  const cdp = new PipeConnection(child);
  const timeout = setTimeout(
    () => cdp.fail(new Error(`chromium did not finish within ${opts.timeoutMs ?? 30000} ms; its stderr:\n${stderr.join('').slice(-2000)}`)),
    opts.timeoutMs ?? 30000,
  );
  try {
    const { targetId } = (await cdp.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    const page = (method: string, params: object = {}) => cdp.send(method, params, sessionId);
    const url = pathToFileURL(path.resolve(file)).href;
    const errors: string[] = [];
    const requests: string[] = [];
    cdp.on(sessionId, (method, params) => {
      const p = params as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (method === 'Runtime.consoleAPICalled' && (p.type === 'error' || p.type === 'assert')) {
        errors.push(`console.${p.type}: ${(p.args ?? []).map((a: { value?: unknown; description?: string }) => a.value ?? a.description).join(' ')}`);
      }
      if (method === 'Runtime.exceptionThrown') errors.push(`exception: ${p.exceptionDetails?.exception?.description ?? p.exceptionDetails?.text}`);
      if (method === 'Log.entryAdded' && p.entry?.level === 'error') errors.push(`${p.entry.source}: ${p.entry.text}${p.entry.url ? ` (${p.entry.url})` : ''}`);
      if (method === 'Network.requestWillBeSent' && p.request?.url !== url) requests.push(p.request?.url);
    });
    await Promise.all([page('Runtime.enable'), page('Log.enable'), page('Network.enable'), page('Page.enable')]);
    await page('Emulation.setDeviceMetricsOverride', { width: opts.width ?? 1366, height: opts.height ?? 768, deviceScaleFactor: 1, mobile: false });
    const loaded = cdp.waitFor(sessionId, 'Page.loadEventFired');
    await page('Page.navigate', { url });
    await loaded;
    let evaluated: unknown;
    if (opts.evaluate) {
      const r = (await page('Runtime.evaluate', { expression: opts.evaluate, returnByValue: true })) as {
        result: { value?: unknown };
        exceptionDetails?: { text: string };
      };
      if (r.exceptionDetails) throw new Error(`evaluating in the page failed: ${r.exceptionDetails.text}`);
      evaluated = r.result.value;
    }
    let screenshot: Buffer | undefined;
    if (opts.screenshot) {
      const shot = (await page('Page.captureScreenshot', {
        format: 'png',
        captureBeyondViewport: true,
        fromSurface: true,
        ...(opts.clip ? { clip: { ...opts.clip, scale: 1 } } : {}),
      })) as { data: string };
      screenshot = Buffer.from(shot.data, 'base64');
    }
    return { errors, requests, evaluated, screenshot };
  } finally {
    clearTimeout(timeout);
    await cdp.send('Browser.close').catch(() => undefined);
    await new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        done();
      });
    });
    rmSync(profile, { recursive: true, force: true });
  }
}

type Listener = (method: string, params: unknown) => void;

/** DevTools protocol messages over Chromium's pipe: we write to its fd 3 and read its fd 4. */
class PipeConnection {
  private nextId = 1;
  private buffered = '';
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Listener[]>();
  private failure?: Error;
  private readonly out: Writable;

  constructor(child: ChildProcess) {
    this.out = child.stdio[3] as Writable;
    const input = child.stdio[4] as Readable;
    input.setEncoding('utf8');
    input.on('data', (s: string) => this.receive(s));
    child.on('exit', (code, signal) => this.fail(new Error(`chromium exited (${signal ?? code}) before the page was done`)));
    child.on('error', (e) => this.fail(e));
    this.out.on('error', () => undefined);
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.out.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  on(sessionId: string, listener: Listener): void {
    this.listeners.set(sessionId, [...(this.listeners.get(sessionId) ?? []), listener]);
  }

  waitFor(sessionId: string, event: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.on(sessionId, (method) => {
        if (method === event) resolve();
      });
      this.pending.set(-this.nextId++, { resolve: () => resolve(), reject });
    });
  }

  fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private receive(text: string): void {
    this.buffered += text;
    let end: number;
    while ((end = this.buffered.indexOf('\0')) >= 0) {
      const msg = JSON.parse(this.buffered.slice(0, end)) as {
        id?: number;
        method?: string;
        params?: unknown;
        sessionId?: string;
        result?: unknown;
        error?: { message: string };
      };
      this.buffered = this.buffered.slice(end + 1);
      if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(new Error(`DevTools: ${msg.error.message}`));
        else p?.resolve(msg.result);
      } else if (msg.method) {
        for (const l of this.listeners.get(msg.sessionId ?? '') ?? []) l(msg.method, msg.params);
      }
    }
  }
}
