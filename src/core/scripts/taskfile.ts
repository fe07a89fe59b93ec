// Task (https://taskfile.dev): `task name` runs the `cmds` of a task in Taskfile.yml and its `deps` first.
// Read line by line for the usual shapes (strings, `- cmd:`, `- task:`, block scalars); templates
// `{{.VAR}}` are filled from `vars:` and `VAR=value` arguments.
import path from 'node:path';
import type { Invocation } from '../invocation';
import { optionValue } from '../rules/args';
import type { Expansion, ReadContext } from '../shellReader';
import { resolvePath } from '../shellReader';
import type { ReadText } from './readText';

interface TaskDefinition {
  commands: string[];
  calls: string[];
  vars: Map<string, string>;
}

const TASK_FILES = ['Taskfile.yml', 'taskfile.yml', 'Taskfile.yaml', 'taskfile.yaml', 'Taskfile.dist.yml', 'taskfile.dist.yml', 'Taskfile.dist.yaml'];

export function taskExpansion(inv: Invocation, context: ReadContext, readText: ReadText): Expansion[] {
  const args = inv.argv.slice(1);
  if (
    args.some((a) =>
      ['-l', '--list', '-a', '--list-all', '--summary', '-n', '--dry', '--help', '-h', '--version', '--init', '-i', '--status'].includes(a),
    )
  )
    return [];
  const fileOption = optionValue(args, ['-t', '--taskfile']);
  const dirOption = optionValue(args, ['-d', '--dir']);
  const base = dirOption ? resolvePath(inv.cwd, dirOption, context.home) : inv.cwd;
  let text: string | undefined;
  let dir = base;
  if (fileOption) {
    text = readText(resolvePath(inv.cwd, fileOption, context.home));
    dir = path.dirname(resolvePath(inv.cwd, fileOption, context.home));
  } else {
    for (let d = base, n = 0; n < 32 && text === undefined; n++) {
      for (const name of TASK_FILES) {
        text = readText(path.join(d, name));
        if (text !== undefined) {
          dir = d;
          break;
        }
      }
      const parent = path.dirname(d);
      if (parent === d) break;
      d = parent;
    }
  }
  if (text === undefined) return [];
  const { tasks, vars, dynamic } = parseTaskfile(text);
  const dashes = args.indexOf('--');
  const own = dashes < 0 ? args : args.slice(0, dashes);
  if (dashes >= 0) vars.set('CLI_ARGS', args.slice(dashes + 1).join(' '));
  const names: string[] = [];
  for (let i = 0; i < own.length; i++) {
    if (['-t', '--taskfile', '-d', '--dir', '-o', '--output', '-c', '--color', '-C', '--concurrency', '-I', '--interval'].includes(own[i])) i++;
    else if (own[i].startsWith('-')) continue;
    else {
      const assignment = /^([A-Za-z_]\w*)=(.*)$/s.exec(own[i]);
      if (assignment) vars.set(assignment[1], assignment[2]);
      else names.push(own[i]);
    }
  }
  if (names.length === 0) names.push('default');
  const expansions: Expansion[] = dynamic.map((script) => ({ via: 'task (dynamic variable)', script, cwd: dir }));
  const seen = new Set<string>();
  const run = (name: string, depth: number) => {
    const task = tasks.get(name);
    if (!task || seen.has(name) || depth > 16) return;
    seen.add(name);
    const scope = new Map([...vars, ...task.vars]);
    const fill = (line: string) => line.replace(/\{\{\s*\.([A-Za-z_]\w*)\s*\}\}/g, (match, key: string) => scope.get(key) ?? match);
    for (const call of task.calls) run(fill(call), depth + 1);
    for (const command of task.commands) expansions.push({ via: `task ${name}`, script: fill(command), cwd: dir });
  };
  for (const name of names) run(name, 0);
  return expansions;
}

function parseTaskfile(text: string): { tasks: Map<string, TaskDefinition>; vars: Map<string, string>; dynamic: string[] } {
  const tasks = new Map<string, TaskDefinition>();
  const vars = new Map<string, string>();
  const dynamic: string[] = [];
  const lines = text.split(/\r?\n/);
  const unquote = (value: string) => value.trim().replace(/^(['"])(.*)\1$/s, '$2');
  let section = '';
  let taskIndent = -1;
  let task: TaskDefinition | undefined;
  let key = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const indent = /^ */.exec(line)![0].length;
    if (indent === 0) {
      section = /^([\w-]+)\s*:/.exec(line)?.[1] ?? '';
      task = undefined;
      taskIndent = -1;
      continue;
    }
    const entry = /^\s*(?:-\s*)?([\w.-]+|"[^"]*"|'[^']*')\s*:\s*(.*)$/.exec(line);
    // `- |` / `cmd: |`: the indented lines that follow are one string.
    const block = (value: string) => {
      if (!/^[|>][-+]?\s*$/.test(value.trim())) return unquote(value);
      const body: string[] = [];
      while (i + 1 < lines.length && (!lines[i + 1].trim() || /^ */.exec(lines[i + 1])![0].length > indent)) body.push(lines[++i].trim());
      return body.join('\n').trim();
    };
    if (section === 'vars' && entry) {
      if (entry[1] === 'sh') dynamic.push(block(entry[2]));
      else if (entry[2].trim()) vars.set(entry[1], unquote(entry[2]));
      continue;
    }
    if (section !== 'tasks') continue;
    if (taskIndent < 0 || indent <= taskIndent) {
      taskIndent = indent;
      const name = entry ? unquote(entry[1]) : '';
      task = { commands: [], calls: [], vars: new Map() };
      tasks.set(name, task);
      key = '';
      // `name: cmd` shorthand.
      if (entry && entry[2].trim() && !entry[2].trim().startsWith('{')) task.commands.push(block(entry[2]));
      continue;
    }
    if (!task) continue;
    const item = /^\s*-\s*(.*)$/.exec(line);
    if (
      entry &&
      !item &&
      [
        'cmds',
        'cmd',
        'deps',
        'vars',
        'status',
        'preconditions',
        'dir',
        'desc',
        'summary',
        'sources',
        'generates',
        'silent',
        'env',
        'method',
        'platforms',
        'requires',
        'internal',
        'aliases',
        'prompt',
        'label',
        'interactive',
        'run',
        'ignore_error',
        'set',
        'shopt',
        'dotenv',
      ].includes(entry[1])
    ) {
      key = entry[1];
      const value = entry[2].trim();
      if (key === 'cmd' && value) task.commands.push(block(value));
      if (key === 'deps' && value.startsWith('[')) task.calls.push(...value.replace(/[[\]]/g, '').split(',').map(unquote).filter(Boolean));
      continue;
    }
    if (key === 'vars' && entry && !item) {
      if (entry[1] === 'sh') dynamic.push(block(entry[2]));
      else if (entry[2].trim()) task.vars.set(entry[1], unquote(entry[2]));
      continue;
    }
    const value = item ? item[1] : entry ? `${entry[1]}: ${entry[2]}` : '';
    const mapped = /^([\w-]+)\s*:\s*(.*)$/.exec(value);
    if (key === 'deps') {
      task.calls.push(unquote(mapped?.[1] === 'task' ? mapped[2] : value));
    } else if (key === 'cmds' || key === 'status' || key === 'preconditions') {
      if (mapped?.[1] === 'task') task.calls.push(unquote(mapped[2]));
      else if (mapped && ['cmd', 'defer', 'sh'].includes(mapped[1])) task.commands.push(block(mapped[2]));
      else if (item && !mapped) task.commands.push(block(item[1]));
    }
  }
  return { tasks, vars, dynamic };
}
