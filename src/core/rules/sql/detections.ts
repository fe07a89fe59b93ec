// Turning findings into detections.
import type { Invocation } from '../../invocation';
import { type EnvironmentVerdict, type Risk, RISK_ORDER } from '../../types';
import { COMPUTED, display, scanSql, type Dialect, type SqlFinding } from '../../sqlScanner';
import { detection, type Detection, type RuleContext } from '../rule';
import { type Connection, environmentOf, location } from './connection';
import type { SqlInput } from './inputs';

/**
 * One scanner finding as a detection: the statement's target is the resource, and the command itself is what a
 * person types when the target is computed (`DROP TABLE $T`) or implicit (Mongo's current database).
 */
export function scannedDetection(
  inv: Invocation,
  family: string,
  finding: SqlFinding,
  environment: EnvironmentVerdict,
  where: string,
  unnamed: (name: string) => boolean = (name) => name === COMPUTED,
): Detection {
  return detection({
    rule: `${family}.${finding.action.replace(/\s+/g, '-')}`,
    tool: inv.program,
    action: finding.action,
    resource: { kind: finding.kind, name: display(finding.name) },
    environment,
    blastRadius: `${finding.blastRadius}${where}`,
    risk: finding.risk,
    confirmText: unnamed(finding.name) ? `${inv.program} ${finding.action}` : finding.name,
  });
}

/** Above this many findings of one kind, one detection lists them (a restored dump drops every table). */
const GROUP_ABOVE = 4;
const GROUP_RADIUS: Record<string, (many: string) => string> = {
  'drop table': (many) => `deletes ${many} and every row in them`,
  truncate: (many) => `deletes every row in ${many}`,
  'delete all rows': (many) => `deletes every row in ${many}`,
  'update all rows': (many) => `overwrites every row in ${many}`,
  'drop column': (many) => `deletes ${many} and the values they held`,
};

export function sqlDetections(inv: Invocation, ctx: RuleContext, inputs: SqlInput[], dialect: Dialect, connection: Connection): Detection[] {
  const findings: SqlFinding[] = [];
  const unreadable: string[] = [];
  let missingOnly = 0;
  for (const input of inputs) {
    if (input.text === undefined) {
      unreadable.push(input.missing ? `${input.origin} (missing now)` : input.origin);
      if (input.missing) missingOnly++;
      continue;
    }
    const result = scanSql(input.text, { dialect, readText: ctx.readText, cwd: inv.cwd, home: ctx.home });
    findings.push(...result.findings);
    unreadable.push(...result.unreadable.map((file) => `file ${file}`));
  }
  const environment = environmentOf(inv, ctx, connection);
  const where = location(inv, connection);
  const detections: Detection[] = [];
  const byAction = new Map<string, SqlFinding[]>();
  for (const finding of findings) byAction.set(finding.action, [...(byAction.get(finding.action) ?? []), finding]);
  for (const [action, group] of byAction) {
    const unique = group.filter((f, k) => group.findIndex((g) => g.name === f.name) === k);
    if (unique.length > GROUP_ABOVE) {
      const names = unique.map((f) => display(f.name));
      const worst = unique.reduce<Risk>((risk, f) => (RISK_ORDER.indexOf(f.risk) > RISK_ORDER.indexOf(risk) ? f.risk : risk), 'low');
      const many = `${unique.length} ${unique[0].kind}s`;
      const listed = `${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`;
      detections.push(
        detection({
          rule: `sql.${action.replace(/\s+/g, '-')}`,
          tool: inv.program,
          action,
          resource: { kind: unique[0].kind, name: `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` },
          environment,
          blastRadius: `${GROUP_RADIUS[action]?.(many) ?? `${action} on ${many}`}${where}: ${listed}`,
          risk: worst,
          confirmText: many,
        }),
      );
      continue;
    }
    for (const finding of unique) detections.push(scannedDetection(inv, 'sql', finding, environment, where));
  }
  // SQL we cannot read, sent to a database that is production or cannot be verified (never guess): a person
  // should look. Local and development databases are left alone.
  const onlyMissingFiles = missingOnly === unreadable.length;
  if (
    detections.length === 0 &&
    unreadable.length > 0 &&
    (environment.name === 'production' || (environment.name === 'unknown' && !onlyMissingFiles))
  ) {
    detections.push(
      detection({
        rule: 'sql.unreadable-statements',
        tool: inv.program,
        action: 'run unread SQL',
        resource: connection.database ? { kind: 'database', name: connection.database } : null,
        environment,
        blastRadius: `runs SQL from ${unreadable.join(', ')}, which could not be read before it runs, against ${environment.name === 'production' ? 'production' : 'a database whose environment is unknown'}${where}`,
        risk: 'medium',
        confirmText: connection.database ?? inv.program,
      }),
    );
  }
  return detections;
}

export function databaseDetection(
  inv: Invocation,
  ctx: RuleContext,
  spec: { rule: string; action: string; name: string; connection: Connection; radius: string; risk: Risk; confirmText?: string },
): Detection {
  return detection({
    rule: spec.rule,
    tool: inv.program,
    action: spec.action,
    resource: { kind: 'database', name: spec.name },
    environment: environmentOf(inv, ctx, spec.connection),
    blastRadius: `${spec.radius}${location(inv, { ...spec.connection, database: undefined })}`,
    risk: spec.risk,
    confirmText: spec.confirmText,
  });
}
