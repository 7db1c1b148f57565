// Loads handlers through the COMPILED loader, in plain Node (no vitest, no tsx preloaded), as the
// CLI's worker does. Prints one JSON array of outcomes on stdout.
//   node run-compiled.mjs <compiled loader entry> <main|worker> '<jobs as JSON>'
// A job is { ref, register?: tsconfig path }; refs are relative to the working directory.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

async function run(entry, jobs) {
  const { loadHandler, parseHandlerRef, registerTypeScript } = await import(pathToFileURL(entry).href);
  const outcomes = [];
  for (const job of jobs) {
    try {
      if (job.register) await registerTypeScript({ tsconfig: job.register });
      const loaded = await loadHandler(parseHandlerRef(job.ref, process.cwd()));
      const result = await loaded.handler({ Records: [] }, {});
      outcomes.push({ ref: job.ref, exportPath: loaded.exportPath, format: loaded.format, result });
    } catch (error) {
      outcomes.push({ ref: job.ref, kind: error?.kind ?? 'unexpected', message: String(error?.message ?? error) });
    }
  }
  return outcomes;
}

if (!isMainThread) {
  parentPort.postMessage(await run(workerData.entry, workerData.jobs));
} else {
  const [entry, mode, jobsJson] = process.argv.slice(2);
  const jobs = JSON.parse(jobsJson);
  if (mode === 'worker') {
    const worker = new Worker(new URL(import.meta.url), { workerData: { entry, jobs } });
    const outcomes = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    process.stdout.write(JSON.stringify(outcomes));
  } else {
    process.stdout.write(JSON.stringify(await run(entry, jobs)));
  }
}
