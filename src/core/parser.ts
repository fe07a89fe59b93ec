// Loads the real bash grammar (tree-sitter-bash compiled to wasm) once per process.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export type { Node, Tree };

export interface BashParser {
  parse(source: string): Tree;
}

let loading: Promise<BashParser> | undefined;

/** Where the two wasm files live: beside the bundle in dist/, or in node_modules when run from source. */
function wasmPath(file: 'tree-sitter.wasm' | 'tree-sitter-bash.wasm', searchDirs: string[]): string {
  for (const dir of searchDirs) {
    const candidate = path.join(dir, file);
    if (existsSync(candidate)) return candidate;
  }
  const moduleFile = file === 'tree-sitter.wasm' ? 'web-tree-sitter/tree-sitter.wasm' : 'tree-sitter-bash/tree-sitter-bash.wasm';
  return require.resolve(moduleFile);
}

export function loadBashParser(wasmDir: string = __dirname): Promise<BashParser> {
  loading ??= (async () => {
    const dirs = [wasmDir, path.join(wasmDir, '..', 'dist')];
    await Parser.init({ locateFile: () => wasmPath('tree-sitter.wasm', dirs) } as object);
    const bash = await Language.load(readFileSync(wasmPath('tree-sitter-bash.wasm', dirs)));
    const parser = new Parser();
    parser.setLanguage(bash);
    return {
      parse(source: string): Tree {
        const tree = parser.parse(source);
        if (!tree) throw new Error('the bash parser returned no tree');
        return tree;
      },
    };
  })();
  return loading;
}
