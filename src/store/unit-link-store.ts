// The unit ids a source taught (unit_links): loaded per (source, province) before a capture is parsed,
// written back with the capture's values. A re-issued id for a known unit replaces the old id.
import type { UnitLink, UnitLinkLookup } from '../core/connector-contract.js';
import type { SourceKind } from '../core/source.js';
import type { Db } from './database.js';

/** An in-memory lookup over links (the parse of one capture reads it; new links are added as they come). */
export class UnitLinkMemory implements UnitLinkLookup {
  readonly #byId = new Map<string, UnitLink>();
  readonly #byUnit = new Map<string, UnitLink>();

  constructor(links: readonly UnitLink[] = []) {
    for (const link of links) this.add(link);
  }

  add(link: UnitLink): void {
    const previous = this.#byUnit.get(link.unitCode);
    if (previous && previous.externalId !== link.externalId) this.#byId.delete(previous.externalId);
    this.#byId.set(link.externalId, link);
    this.#byUnit.set(link.unitCode, link);
  }

  byExternalId(externalId: string): UnitLink | undefined {
    return this.#byId.get(externalId);
  }

  byUnitCode(unitCode: string): UnitLink | undefined {
    return this.#byUnit.get(unitCode);
  }
}

/**
 * The links of a source, optionally for one province.
 * @example const memory = await loadUnitLinks(db, 'portal', '52'); memory.byExternalId('019d2be3-…')?.unitCode
 */
export async function loadUnitLinks(db: Db, source: SourceKind, provinceCode?: string | null): Promise<UnitLinkMemory> {
  let query = db.selectFrom('unit_links').selectAll().where('source', '=', source);
  if (provinceCode) query = query.where('province_code', '=', provinceCode);
  const rows = await query.orderBy('updated_at').execute();
  return new UnitLinkMemory(
    rows.map((r) => ({ source: r.source as SourceKind, externalId: r.external_id, externalCode: r.external_code, name: r.name, provinceCode: r.province_code, kind: r.kind, unitCode: r.unit_code })),
  );
}

/** Stores links learned from a capture; an id already known is updated, another id of the same unit removed. */
export async function saveUnitLinks(db: Db, links: readonly UnitLink[], captureId: number | null): Promise<void> {
  const byId = new Map(links.map((l) => [`${l.source}\u0000${l.externalId}`, l]));
  if (!byId.size) return;
  const unique = [...byId.values()];
  await db.transaction().execute(async (tx) => {
    for (const source of new Set(unique.map((l) => l.source))) {
      const mine = unique.filter((l) => l.source === source);
      await tx
        .deleteFrom('unit_links')
        .where('source', '=', source)
        .where('unit_code', 'in', mine.map((l) => l.unitCode))
        .where('external_id', 'not in', mine.map((l) => l.externalId))
        .execute();
    }
    const now = new Date();
    await tx
      .insertInto('unit_links')
      .values(
        unique.map((link) => ({
          source: link.source,
          external_id: link.externalId,
          external_code: link.externalCode,
          name: link.name,
          province_code: link.provinceCode,
          kind: link.kind,
          unit_code: link.unitCode,
          capture_id: captureId,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['source', 'external_id']).doUpdateSet((eb) => ({
          external_code: eb.ref('excluded.external_code'),
          name: eb.ref('excluded.name'),
          province_code: eb.ref('excluded.province_code'),
          kind: eb.ref('excluded.kind'),
          unit_code: eb.ref('excluded.unit_code'),
          capture_id: eb.ref('excluded.capture_id'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  });
}
