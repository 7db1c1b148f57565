export { HandlerLoadError, type HandlerLoadErrorKind } from './handler-load-error.js';
export { parseHandlerRef, type HandlerRef } from './ref.js';
export {
  registerTypeScript,
  findTsconfig,
  type RegisterTypeScriptOptions,
  type TypeScriptRegistration,
} from './typescript.js';
export { loadHandler, type HandlerFunction, type LoadedHandler, type LoadHandlerOptions } from './load-handler.js';
export type { ModuleFormat } from './module.js';
export { rememberHarnessModules } from './generations.js';
