import { Injectable } from '@nestjs/common';
import { ApiError, ErrorDetail } from '../../common/errors/api-error';
import { PrismaService } from '../../database/prisma.service';
import { RuleDefinitionsService } from '../definitions/rule-definitions.service';
import { RuleSecretsService, SECRET_NAME } from '../secrets/rule-secrets.service';
import { checkSyntax } from '../sandbox/syntax-check';
import { assignOrders, parseDeployLayout } from './deploy-layout';

export interface ImportSummary {
  created: string[];
  updated: string[];
  unchanged: string[];
  secrets: string[];
}

/**
 * Imports Auth0's deploy directory layout in one transaction: definitions are matched by name
 * (created or updated, each change a new version), secrets set. Definitions that are not in the
 * layout are left as they are. Nothing is written when any file has a problem.
 */
@Injectable()
export class RuleImport {
  constructor(
    private readonly prisma: PrismaService,
    private readonly definitions: RuleDefinitionsService,
    private readonly secrets: RuleSecretsService,
  ) {}

  async run(files: Record<string, string>): Promise<ImportSummary> {
    const layout = parseDeployLayout(files);
    const problems: ErrorDetail[] = [...layout.problems];
    for (const d of layout.definitions) {
      const problem = await checkSyntax(d.kind, d.name, d.script);
      if (problem) problems.push({ path: d.file, message: problem.message, line: problem.line, column: problem.column });
    }
    for (const s of layout.secrets) if (!SECRET_NAME.test(s.name)) problems.push({ path: s.definition ? `actions/${s.definition}.json` : `rules-configs/${s.name}.json`, message: `"${s.name}" is not a valid secret name` });
    if (problems.length) throw ApiError.badRequest('invalid_deploy_layout', `The deploy layout has ${problems.length} problem(s): ${problems.slice(0, 3).map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);

    const summary: ImportSummary = { created: [], updated: [], unchanged: [], secrets: [] };
    await this.prisma.$transaction(
      async (tx) => {
        const existing = await tx.ruleDefinition.findMany();
        const byName = new Map(existing.map((r) => [r.name, r]));
        const importedNames = new Set(layout.definitions.map((d) => d.name));
        const occupied = new Map(existing.filter((r) => !importedNames.has(r.name)).map((r) => [r.order, r.name]));
        // An existing definition without an order in the layout keeps its place.
        const withOrders = layout.definitions.map((d) => (d.order === undefined && byName.has(d.name) ? { ...d, order: byName.get(d.name)?.order } : d));
        const { orders, problems: orderProblems } = assignOrders(withOrders, occupied);
        for (const d of withOrders) {
          const holder = occupied.get(orders.get(d.name) as number);
          if (holder) orderProblems.push({ path: d.file, message: `order ${orders.get(d.name)} is used by "${holder}", which is not in the layout` });
        }
        withOrders.sort((a, b) => (orders.get(a.name) as number) - (orders.get(b.name) as number));
        if (orderProblems.length) throw ApiError.conflict('rule_order_taken', `The deploy layout's orders clash: ${orderProblems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);

        let temp = -1;
        for (const d of withOrders) {
          const row = byName.get(d.name);
          if (row && row.order !== orders.get(d.name)) await tx.ruleDefinition.update({ where: { id: row.id }, data: { order: temp-- } });
        }
        const ids = new Map<string, string>();
        for (const d of withOrders) {
          const order = orders.get(d.name) as number;
          const current = byName.get(d.name);
          if (!current) {
            const row = await this.definitions.createIn(tx, { name: d.name, kind: d.kind, script: d.script, order, enabled: d.enabled, stage: d.stage });
            ids.set(d.name, row.id);
            summary.created.push(d.name);
            continue;
          }
          const fresh = (await tx.ruleDefinition.findUnique({ where: { id: current.id } })) ?? current;
          const row = await this.definitions.updateIn(tx, fresh, { kind: d.kind, script: d.script, order, enabled: d.enabled, stage: d.stage });
          ids.set(d.name, current.id);
          (row.version !== current.version ? summary.updated : summary.unchanged).push(d.name);
        }
        for (const s of layout.secrets) {
          await this.secrets.setIn(tx, s.name, s.value, s.definition ? [ids.get(s.definition) as string] : []);
          summary.secrets.push(s.name);
        }
      },
      { timeout: 30_000 },
    );
    this.definitions.invalidate();
    this.secrets.invalidate();
    return summary;
  }
}
