/**
 * German prepositions before an authority's name: "vom Sächsischen Landesamt für …",
 * "bei der Stadtverwaltung Freiberg", "an das Sächsische Oberbergamt". The article and a leading
 * adjective's ending depend on the case the preposition governs and on the gender of the name's
 * head noun. A name whose head noun is not known (a person, "Stuttgart") keeps the bare
 * preposition, which is right for names without an article.
 */

export const germanPrepositions = ['bei', 'von', 'an'] as const;
export type GermanPreposition = (typeof germanPrepositions)[number];

type Gender = 'feminine' | 'masculine' | 'neuter';

const heads: [RegExp, Gender][] = [
  [
    /^(Stadtverwaltung|Gemeindeverwaltung|Kreisverwaltung|Verwaltung|Landeshauptstadt|Kreisstadt|Stadt|Gemeinde|Behörde|Wasserbehörde|Direktion|Landesdirektion|Agentur|Schwerbehindertenvertretung|Vertretung)\b/,
    'feminine',
  ],
  [/^(Personalrat|Landkreis|Kreis|Zweckverband|Verband)\b/, 'masculine'],
  [/^(Amt|Landesamt|Oberbergamt|Landratsamt|Bundesamt|Regierungspräsidium|Ministerium|Staatsministerium|Bürgerbüro|Bürgeramt|Ordnungsamt)\b/, 'neuter'],
];

/** "an" before an authority means a direction: it governs the accusative; "bei" and "von" the dative. */
const articles: Record<GermanPreposition, Record<Gender, string>> = {
  bei: { feminine: 'bei der', masculine: 'beim', neuter: 'beim' },
  von: { feminine: 'von der', masculine: 'vom', neuter: 'vom' },
  an: { feminine: 'an die', masculine: 'an den', neuter: 'an das' },
};

/** The ending of an adjective after the definite article: dative always -en; accusative -en only for masculine nouns. */
function adjectiveEnding(preposition: GermanPreposition, gender: Gender): string {
  return preposition === 'an' && gender !== 'masculine' ? 'e' : 'en';
}

function genderOf(noun: string): Gender | undefined {
  return heads.find(([pattern]) => pattern.test(noun))?.[1];
}

/** The preposition with the name in the case it governs, e.g. `withPreposition('von', 'Sächsisches Oberbergamt')` = "vom Sächsischen Oberbergamt". */
export function withPreposition(preposition: GermanPreposition, name: string): string {
  const trimmed = name.trim();
  const direct = genderOf(trimmed);
  if (direct) return `${articles[preposition][direct]} ${trimmed}`;
  // A leading adjective in the nominative ("Sächsisches", "Untere") before a known head noun.
  const adjective = /^([A-ZÄÖÜ][a-zäöüß]+?)(es|er|e)\s+(.*)$/.exec(trimmed);
  const gender = adjective ? genderOf(adjective[3]!) : undefined;
  if (!adjective || !gender) return `${preposition} ${trimmed}`;
  return `${articles[preposition][gender]} ${adjective[1]}${adjectiveEnding(preposition, gender)} ${adjective[3]}`;
}
