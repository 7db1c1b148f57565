export { HandlerLoadError, type HandlerLoadErrorKind } from './errors.js';
export { parseHandlerRef, type HandlerRef } from './ref.js';
export {
  registerTypeScript,
  findTsconfig,
  type RegisterTypeScriptOptions,
  type TypeScriptRegistration,
} from './typescript.js';
export { loadHandler, type HandlerFunction, type LoadedHandler, type LoadHandlerOptions } from './load.js';
export type { ModuleFormat } from './module.js';
export { rememberHarnessModules } from './generations.js';
