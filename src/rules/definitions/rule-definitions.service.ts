import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/errors/api-error';
import { PrismaService } from '../../database/prisma.service';
import type { Prisma, RuleDefinition, RuleVersion } from '../../generated/prisma/client';
import { checkSyntax } from '../sandbox/syntax-check';
import type { DefinitionKind } from '../sandbox/sandbox.types';

export interface DefinitionInput {
  name: string;
  kind: DefinitionKind;
  script: string;
  order?: number;
  enabled?: boolean;
  stage?: string;
}

export type DefinitionPatch = Partial<DefinitionInput>;
type Tx = Prisma.TransactionClient;

const TX_OPTIONS = { timeout: 15_000 };
/** Enabled definitions are re-read at most this often per replica (changes made here apply at once). */
const PIPELINE_CACHE_MS = 2000;

function versionRow(row: RuleDefinition): Prisma.RuleVersionCreateManyInput {
  return { ruleId: row.id, version: row.version, name: row.name, kind: row.kind, script: row.script, order: row.order, enabled: row.enabled, stage: row.stage };
}

/** Rule and action definitions with their full version history. */
@Injectable()
export class RuleDefinitionsService {
  private pipelineCache: { rows: RuleDefinition[]; expiresAt: number } | null = null;

  constructor(private readonly prisma: PrismaService) {}

  /** Rejects a script that does not parse: 400 with the position of the problem. */
  async assertValidScript(kind: DefinitionKind, name: string, script: string): Promise<void> {
    const problem = await checkSyntax(kind, name, script);
    if (!problem) return;
    const where = problem.line ? ` (line ${problem.line}${problem.column ? `, column ${problem.column}` : ''})` : '';
    throw ApiError.badRequest('script_syntax_error', `The script of "${name}" is not valid: ${problem.message}${where}`, [
      { path: 'script', message: problem.message, line: problem.line, column: problem.column },
    ]);
  }

  list(): Promise<RuleDefinition[]> {
    return this.prisma.ruleDefinition.findMany({ orderBy: { order: 'asc' } });
  }

  async get(id: string): Promise<RuleDefinition> {
    const row = await this.prisma.ruleDefinition.findUnique({ where: { id } });
    if (!row) throw ApiError.notFound('rule_not_found', `No rule or action with id ${id}.`);
    return row;
  }

  /** Enabled definitions in pipeline order (cached briefly). */
  async enabled(): Promise<RuleDefinition[]> {
    const now = Date.now();
    if (this.pipelineCache && this.pipelineCache.expiresAt > now) return this.pipelineCache.rows;
    const rows = await this.prisma.ruleDefinition.findMany({ where: { enabled: true, stage: 'login_success' }, orderBy: { order: 'asc' } });
    this.pipelineCache = { rows, expiresAt: now + PIPELINE_CACHE_MS };
    return rows;
  }

  private changed(): void {
    this.pipelineCache = null;
  }

  private async assertOrderFree(tx: Tx, order: number, exceptId?: string): Promise<void> {
    const holder = await tx.ruleDefinition.findUnique({ where: { order } });
    if (holder && holder.id !== exceptId) throw ApiError.conflict('rule_order_taken', `Order ${order} is already used by "${holder.name}".`);
  }

  private async assertNameFree(tx: Tx, name: string, exceptId?: string): Promise<void> {
    const holder = await tx.ruleDefinition.findUnique({ where: { name } });
    if (holder && holder.id !== exceptId) throw ApiError.conflict('rule_name_taken', `A rule or action named "${name}" exists.`);
  }

  /** Creates a definition inside a transaction (also used by imports). */
  async createIn(tx: Tx, input: DefinitionInput): Promise<RuleDefinition> {
    await this.assertNameFree(tx, input.name);
    let order = input.order;
    if (order === undefined) {
      const last = await tx.ruleDefinition.aggregate({ _max: { order: true } });
      order = (last._max.order ?? 0) + 1;
    } else {
      await this.assertOrderFree(tx, order);
    }
    const row = await tx.ruleDefinition.create({
      data: { name: input.name, kind: input.kind, script: input.script, order, enabled: input.enabled ?? true, stage: input.stage ?? 'login_success' },
    });
    await tx.ruleVersion.create({ data: versionRow(row) });
    return row;
  }

  /** Applies a change and records it as a new version; unchanged input records nothing. */
  async updateIn(tx: Tx, current: RuleDefinition, patch: DefinitionPatch): Promise<RuleDefinition> {
    const next = {
      name: patch.name ?? current.name,
      kind: patch.kind ?? current.kind,
      script: patch.script ?? current.script,
      order: patch.order ?? current.order,
      enabled: patch.enabled ?? current.enabled,
      stage: patch.stage ?? current.stage,
    };
    const same = (Object.keys(next) as Array<keyof typeof next>).every((k) => next[k] === current[k]);
    if (same) return current;
    if (next.name !== current.name) await this.assertNameFree(tx, next.name, current.id);
    if (next.order !== current.order) await this.assertOrderFree(tx, next.order, current.id);
    const row = await tx.ruleDefinition.update({ where: { id: current.id }, data: { ...next, version: { increment: 1 } } });
    await tx.ruleVersion.create({ data: versionRow(row) });
    return row;
  }

  async create(input: DefinitionInput): Promise<RuleDefinition> {
    await this.assertValidScript(input.kind, input.name, input.script);
    const row = await this.prisma.$transaction((tx) => this.createIn(tx, input), TX_OPTIONS);
    this.changed();
    return row;
  }

  async update(id: string, patch: DefinitionPatch): Promise<RuleDefinition> {
    const current = await this.get(id);
    if (patch.script !== undefined || patch.kind !== undefined) {
      await this.assertValidScript(patch.kind ?? (current.kind as DefinitionKind), patch.name ?? current.name, patch.script ?? current.script);
    }
    const row = await this.prisma.$transaction(async (tx) => {
      const locked = await tx.ruleDefinition.findUnique({ where: { id } });
      if (!locked) throw ApiError.notFound('rule_not_found', `No rule or action with id ${id}.`);
      return this.updateIn(tx, locked, patch);
    }, TX_OPTIONS);
    this.changed();
    return row;
  }

  async remove(id: string): Promise<void> {
    const { count } = await this.prisma.ruleDefinition.deleteMany({ where: { id } });
    if (count === 0) throw ApiError.notFound('rule_not_found', `No rule or action with id ${id}.`);
    this.changed();
  }

  async versions(id: string): Promise<RuleVersion[]> {
    await this.get(id);
    return this.prisma.ruleVersion.findMany({ where: { ruleId: id }, orderBy: { version: 'desc' } });
  }

  /** Restores a version's script, kind, enabled and stage as a new version. */
  async rollback(id: string, version: number): Promise<RuleDefinition> {
    const target = await this.prisma.ruleVersion.findUnique({ where: { ruleId_version: { ruleId: id, version } } });
    if (!target) {
      await this.get(id);
      throw ApiError.notFound('rule_version_not_found', `The rule has no version ${version}.`);
    }
    return this.update(id, { script: target.script, kind: target.kind as DefinitionKind, enabled: target.enabled, stage: target.stage });
  }

  /**
   * Moves definitions to new positions in one transaction. Orders are unique, so the moved rows go
   * through free negative positions first; the final state must leave every order unique.
   */
  async reorder(moves: Array<{ id: string; order: number }>): Promise<RuleDefinition[]> {
    await this.prisma.$transaction(async (tx) => {
      const rows = await tx.ruleDefinition.findMany({ where: { id: { in: moves.map((m) => m.id) } } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const missing = moves.filter((m) => !byId.has(m.id));
      if (missing.length) throw ApiError.notFound('rule_not_found', `No rule or action with id ${missing.map((m) => m.id).join(', ')}.`);
      const targets = new Map<number, string>();
      for (const move of moves) {
        if (targets.has(move.order)) throw ApiError.badRequest('rule_order_duplicate', `Order ${move.order} is given twice.`);
        targets.set(move.order, move.id);
      }
      const movedIds = new Set(moves.map((m) => m.id));
      const others = await tx.ruleDefinition.findMany({ where: { order: { in: [...targets.keys()] }, id: { notIn: [...movedIds] } } });
      if (others.length) throw ApiError.conflict('rule_order_taken', `Order ${others[0].order} is already used by "${others[0].name}".`);
      let temp = -1;
      for (const move of moves) await tx.ruleDefinition.update({ where: { id: move.id }, data: { order: temp-- } });
      for (const move of moves) {
        const before = byId.get(move.id) as RuleDefinition;
        const row = await tx.ruleDefinition.update({ where: { id: move.id }, data: { order: move.order, version: before.order === move.order ? undefined : { increment: 1 } } });
        if (before.order !== move.order) await tx.ruleVersion.create({ data: versionRow(row) });
      }
    }, TX_OPTIONS);
    this.changed();
    return this.list();
  }

  /** Called after writes made in someone else's transaction (imports). */
  invalidate(): void {
    this.changed();
  }
}
