// Preloaded into the server by `npm run bench -- --cpu-prof DIR` (NODE_OPTIONS=--import …, since
// Next.js forks its server and refuses --cpu-prof there): records a V8 CPU profile and writes it
// to DIR when the process is told to stop.
import fs from "node:fs";
import inspector from "node:inspector";
import path from "node:path";

const dir = process.env.ROLLCALL_CPU_PROF_DIR;
const session = new inspector.Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.setSamplingInterval", { interval: 500 });
session.post("Profiler.start");
let written = false;
function write() {
  if (written) return;
  written = true;
  session.post("Profiler.stop", (error, result) => {
    if (error) return;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `server-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
}
process.prependListener("SIGTERM", write);
process.on("exit", write);
