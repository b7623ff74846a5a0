// Chevrotain, loaded from its single-file bundle. The package entry point imports about 650 small
// lodash-es modules, which costs 0.5-1 s at every start of the CLI; the bundle that ships in the same
// package (same version, same code) loads in a few tens of milliseconds. Every runtime use of Chevrotain
// goes through this module, so token types such as EOF are the same objects everywhere.

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Chevrotain = typeof import('chevrotain');

async function load(): Promise<Chevrotain> {
  try {
    // The `require` condition of the package resolves to lib/src/api.js; the bundle is lib/chevrotain.mjs.
    const entry = createRequire(import.meta.url).resolve('chevrotain');
    return (await import(pathToFileURL(path.join(path.dirname(entry), '..', 'chevrotain.mjs')).href)) as Chevrotain;
  } catch {
    return await import('chevrotain');
  }
}

const chevrotain = await load();

export const { createToken, createTokenInstance, CstParser, EOF, Lexer } = chevrotain;
export type { CstNode, IParserConfig, IRecognitionException, IToken, TokenType } from 'chevrotain';
export type Lexer = import('chevrotain').Lexer;
