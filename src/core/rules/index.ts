// Every tool family's rules, one module each.
import type { CommandRule } from './rule';
import * as aws from './aws';
import * as azure from './azure';
import * as cloudflare from './cloudflare';
import * as containers from './containers';
import * as digitalocean from './digitalocean';
import * as files from './files';
import * as fly from './fly';
import * as gcloud from './gcloud';
import * as git from './git';
import * as github from './github';
import * as gitlab from './gitlab';
import * as gitops from './gitops';
import * as helm from './helm';
import * as heroku from './heroku';
import * as http from './http';
import * as iac from './iac';
import * as interpreters from './interpreters';
import * as kubernetes from './kubernetes';
import * as neon from './neon';
import * as netlify from './netlify';
import * as orm from './orm';
import * as planetscale from './planetscale';
import * as railway from './railway';
import * as sql from './sql';
import * as supabase from './supabase';
import * as vercel from './vercel';

export const ALL_RULES: readonly CommandRule[] = [
  files,
  git,
  github,
  gitlab,
  iac,
  gitops,
  kubernetes,
  helm,
  aws,
  gcloud,
  azure,
  railway,
  fly,
  heroku,
  vercel,
  netlify,
  supabase,
  neon,
  planetscale,
  digitalocean,
  cloudflare,
  sql,
  orm,
  containers,
  http,
  interpreters,
].flatMap((family) => family.rules);

const SHELL_ENTRY_POINTS = ['sh', 'bash', 'zsh', 'eval', 'sudo', 'xargs', 'python', 'python3', 'node', 'perl', 'ruby'];
const DANGEROUS_NAMES = new Set([...ALL_RULES.flatMap((rule) => rule.programs.filter((p) => p !== '*')), ...SHELL_ENTRY_POINTS]);

/** For text bash cannot parse: does any word name a tool that can destroy something? */
export function looksDangerous(command: string): boolean {
  return command
    .split(/[\s;|&()<>`'"${},=]+/)
    .some((word) => DANGEROUS_NAMES.has(word.replace(/^\\/, '').split('/').pop() ?? word) || /\b(DROP|TRUNCATE|DELETE|FLUSHALL)\b/i.test(word));
}
