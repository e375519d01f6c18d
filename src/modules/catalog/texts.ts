import type { ServiceText } from './model.js';

/** A service text as data files give it: name and short text, the other modules when there are any. */
export type TextSeed = Partial<ServiceText> & { name: string; shortText: string };

/** A text seed with every module present (missing ones empty). */
export function completeText(seed: TextSeed): ServiceText {
  return {
    name: seed.name,
    shortText: seed.shortText,
    fullText: seed.fullText ?? '',
    documents: seed.documents ?? [],
    prerequisites: seed.prerequisites ?? '',
    costs: seed.costs ?? '',
    deadlines: seed.deadlines ?? '',
    processingTime: seed.processingTime ?? '',
    steps: seed.steps ?? [],
    legalBases: seed.legalBases ?? [],
    notes: seed.notes ?? '',
    synonyms: seed.synonyms ?? [],
    forms: seed.forms ?? [],
  };
}
