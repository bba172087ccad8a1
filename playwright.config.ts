import { defineConfig, devices } from "@playwright/test";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// One free port and one fresh database per run, chosen in the main process and inherited by workers.
if (!process.env.E2E_PORT) {
  process.env.E2E_PORT = execFileSync(process.execPath, [
    "-e",
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ])
    .toString()
    .trim();
  process.env.E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "rollcall-e2e-"));
  // The test DNS server (tests/support/dns-server.ts): a free UDP port for DNS, a TCP one for its
  // control interface. The app verifies email domains against it (DNS_SERVERS).
  process.env.E2E_DNS_PORT = execFileSync(process.execPath, [
    "-e",
    "const s=require('dgram').createSocket('udp4');s.bind(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ])
    .toString()
    .trim();
  process.env.E2E_DNS_CONTROL_PORT = execFileSync(process.execPath, [
    "-e",
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})",
  ])
    .toString()
    .trim();
  // The test SMTP server (tests/support/smtp-server.ts): the app sends its mail there; the specs
  // read it through the control port (e2e/helpers.ts).
  [process.env.E2E_SMTP_PORT, process.env.E2E_SMTP_CONTROL_PORT] = execFileSync(process.execPath, [
    "-e",
    "const n=require('net');const a=n.createServer(),b=n.createServer();a.listen(0,'127.0.0.1',()=>b.listen(0,'127.0.0.1',()=>{console.log(a.address().port+' '+b.address().port);a.close();b.close()}))",
  ])
    .toString()
    .trim()
    .split(" ");
}
const port = process.env.E2E_PORT;
const baseURL = `http://127.0.0.1:${port}`;

// Debian's Chromium (apt-get install chromium) unless CHROMIUM_PATH names another, or Playwright's own
// browser when one is installed.
const chromium =
  process.env.CHROMIUM_PATH ?? (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 60_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 900 } } },
  ],
  webServer: [
    {
      command: "node node_modules/tsx/dist/cli.mjs tests/support/dns-server.ts",
      url: `http://127.0.0.1:${process.env.E2E_DNS_CONTROL_PORT}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: "node node_modules/tsx/dist/cli.mjs tests/support/smtp-server.ts",
      url: `http://127.0.0.1:${process.env.E2E_SMTP_CONTROL_PORT}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: "node scripts/start.mjs",
      url: `${baseURL}/api/health/ready`,
      reuseExistingServer: false,
      timeout: 120_000,
      env: {
        PORT: port!,
        APP_URL: baseURL,
        NEXTAUTH_URL: baseURL,
        DATABASE_URL: `file:${path.join(process.env.E2E_DATA_DIR!, "rollcall.db")}`,
        ROLLCALL_DATA_DIR: process.env.E2E_DATA_DIR!,
        NEXT_TELEMETRY_DISABLED: "1",
        DNS_SERVERS: `127.0.0.1:${process.env.E2E_DNS_PORT}`,
        // The test identity provider runs at 127.0.0.1: its sign-in links redirect straight through.
        // One served as "localhost" gets the page that names the host (e2e/domains.spec.ts).
        SSO_TRUSTED_LOGIN_HOSTS: "127.0.0.1",
        // The operator console's webhook test (e2e/operator.spec.ts) delivers to a receiver the test
        // runs at 127.0.0.1, which the SSRF check refuses otherwise. With it on, no address is
        // refused, so the console's SSRF refusal is checked by tests/integration/operator.test.ts
        // (an app without it); this run checks the URL field's inline errors with a URL refused anyway.
        WEBHOOK_ALLOW_PRIVATE: "1",
        // Every spec signs up its own companies from 127.0.0.1: more than a real network's hourly
        // allowance (20). The limit itself is tested by tests/integration/admin-auth.test.ts.
        SIGNUP_MAX_PER_IP: "500",
        // Sign-up confirmations, invitations and reset links go to the test SMTP server.
        SMTP_HOST: "127.0.0.1",
        SMTP_PORT: process.env.E2E_SMTP_PORT!,
        SMTP_SECURE: "none",
      },
    },
  ],
});
