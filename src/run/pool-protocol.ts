import type { Case } from '../judge/case.js';
import type { CaseResult } from './exploration.js';

export type ToPoolWorker = { type: 'case'; id: number; case: Case } | { type: 'close' };

export type FromPoolWorker =
  | { type: 'ready' }
  | { type: 'failed'; error: { name: string; message: string } }
  | { type: 'verdict'; id: number; result: Omit<CaseResult, 'doneMs'> }
  | { type: 'error'; id: number; error: { name: string; message: string } };
