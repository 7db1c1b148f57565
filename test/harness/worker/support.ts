import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/**
 * Runs a TypeScript scenario in a fresh worker thread (through tsx, as the harness loads its
 * worker from source), for modules that change the thread's globals. Resolves with the messages
 * the scenario posted, once the thread has ended on its own: a timer or socket it left running
 * would keep it alive and fail the test by its timeout.
 */
export async function runInThread(scenario: URL): Promise<unknown[]> {
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(scenario.href)}, ${JSON.stringify(import.meta.url)}));`;
  const worker = new Worker(bootstrap, { eval: true });
  const messages: unknown[] = [];
  worker.on('message', (message) => messages.push(message));
  const errors: unknown[] = [];
  worker.on('error', (error) => errors.push(error));
  const [code] = (await once(worker, 'exit')) as [number];
  if (errors.length > 0) throw errors[0];
  if (code !== 0) throw new Error(`the scenario thread exited with code ${code}`);
  return messages;
}
