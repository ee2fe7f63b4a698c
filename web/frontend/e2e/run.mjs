// Runs one browser scenario against a running Huddle (HUDDLE_URL) and exits 0 when it held.
// Every wait has a deadline, and the whole run has one too.
import { closeAll, log } from './lib.mjs';

const name = process.argv[2];
const LIMIT_MS = Number(process.env.HUDDLE_E2E_SCENARIO_LIMIT_MS || 300000);
const scenario = await import(`./scenarios/${name}.mjs`);
const limit = setTimeout(() => {
  console.error(`FAIL ${name}: the scenario took longer than ${LIMIT_MS / 1000} s`);
  process.exit(2);
}, LIMIT_MS);
try {
  log(`scenario ${name} against ${process.env.HUDDLE_URL}`);
  await scenario.run();
  log(`PASS ${name}`);
  await closeAll();
  clearTimeout(limit);
  process.exit(0);
} catch (e) {
  console.error(`FAIL ${name}: ${e.stack || e}`);
  await closeAll();
  clearTimeout(limit);
  process.exit(1);
}
