/**
 * A worker thread of the pool: its own harness (handler worker, embedded DynamoDB, downstream),
 * judging the cases the session sends it, one at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ruleById } from '../../properties/index.js';
import { caseRuleOutcome, judgeContext, startHarness } from './check.js';
import type { RunSettings } from '../config/settings.js';
import { UserError } from '../core/user-error.js';
import type { RuleId } from '../config/types.js';
import type { Harness } from '../harness/index.js';
import type { Case } from '../judge/case.js';
import { evaluateCase, type JudgeContext } from '../judge/evaluate.js';
import { resolveMappingOnce } from '../simulate.js';
import { caseResultOf } from './exploration.js';
import { settingsFromRecipe, type SettingsRecipe } from './recipe.js';
import type { FromPoolWorker, RuleStanding, ThreadError, ToPoolWorker } from './pool-protocol.js';

const port = parentPort!;
const { recipe, rules } = workerData as { recipe: SettingsRecipe; rules: RuleId[] };

function describe(error: unknown): ThreadError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  return { name: error.name, message: error.message, ...(error instanceof UserError && { user: true }) };
}

const post = (message: FromPoolWorker) => port.postMessage(message);

let harness: Harness | undefined;
let context: JudgeContext | undefined;
let settings: RunSettings | undefined;
try {
  settings = await settingsFromRecipe(recipe);
  harness = await startHarness(settings);
  context = { ...judgeContext(settings, harness, resolveMappingOnce(settings.config.mapping, settings.source)), rules: rules.map(ruleById) };
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', error: describe(error) });
}

port.on('message', (message: ToPoolWorker) => {
  if (message.type === 'close') {
    void (harness?.close() ?? Promise.resolve()).finally(() => port.close());
    return;
  }
  if (message.type === 'rule') void reportRule(message.id, message.rule, message.standing);
  else void judge(message.id, message.case);
});

async function reportRule(id: number, rule: RuleId, standing: RuleStanding): Promise<void> {
  try {
    post({ type: 'rule', id, outcome: await caseRuleOutcome(settings!, context!, rule, standing) });
  } catch (error) {
    post({ type: 'error', id, error: describe(error) });
  }
}

async function judge(id: number, c: Case): Promise<void> {
  try {
    post({ type: 'verdict', id, result: caseResultOf(await evaluateCase(c, context!)) });
  } catch (error) {
    post({ type: 'error', id, error: describe(error) });
  }
}
