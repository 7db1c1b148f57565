/**
 * Thrown by an invoker when the run cannot go on (the setup is wrong, not the function): the
 * engine lets it through instead of treating it as a function error, and the simulation ends.
 */
export class SimulationStopped extends Error {
  override name = 'SimulationStopped';
}
