import type { CompileSchema } from './typegen.js';

/** Thrown when json-schema-to-typescript, an optional peer needed only by typegen, is missing. */
export class MissingGeneratorError extends Error {
  override name = 'MissingGeneratorError';
}

/**
 * json-schema-to-typescript's `compile`, imported when typegen runs (never by the library
 * itself): it is a CommonJS package, imported from ESM here.
 */
export async function loadGenerator(): Promise<CompileSchema> {
  let module: { compile?: CompileSchema; default?: { compile?: CompileSchema } };
  try {
    module = (await import('json-schema-to-typescript')) as typeof module;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new MissingGeneratorError(
        'typegen needs json-schema-to-typescript (an optional peer dependency): npm install --save-dev json-schema-to-typescript',
      );
    }
    throw error;
  }
  const compile = module.compile ?? module.default?.compile;
  if (typeof compile !== 'function')
    throw new MissingGeneratorError('json-schema-to-typescript was found but exports no compile(); install version 15 or later.');
  return compile;
}
