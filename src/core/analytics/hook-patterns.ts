// The words each hook style is read from, by language. English always applies; another language's patterns apply
// only on a channel whose titles are in it (stopwords.ts `detectLanguages`, as topic discovery found them), because
// some of its words are English words with another sense ("ma", "mi", "eu", "was", "come").
//
// Texts arrive lowercased, apostrophes straightened and leading emoji or punctuation dropped (video-features.ts).
// JavaScript's \b knows ASCII letters only, so the other languages' words end at END (no letter or digit follows):
// "qué" is a word before a space, which \b would not see. Each style's rule is one regular expression per
// language set, built once per set: the reader runs on every title of every analysis.

import type { Language } from '../text/stopwords.js';

/** What each rule of the hook-style reader tests, for one set of languages. */
export interface HookRules {
  /** Question openings ("why", "pourquoi", "なぜ"), read on the normalised text. */
  question: RegExp;
  /**
   * Question marks of the languages other than "?" (Spanish "¿", Japanese "？"), read on the text as written: the
   * normalised text has lost its leading "¿". Null where there are none.
   */
  questionMarks: RegExp | null;
  howTo: RegExp;
  /** A count opening a list ("5 …", "les 3 erreurs …", "3つの…"), not an amount ("2 heures", "1 million"). */
  countOpening: RegExp;
  /** The first person or a time opening ("I …", "J'ai testé …", "Probé …", "…てみた"). */
  storyOpening: RegExp;
  boldWords: RegExp;
}

type Style = Exclude<keyof HookRules, 'questionMarks' | 'countOpening'>;

/** What may open a list in a language: lead-ins ("top", "les"), count words, and the units that make an amount. */
interface Counts {
  leadIns: string;
  numbers: string;
  units: string;
}

type Patterns = Record<Style, string> & {
  /** Question marks besides "?". */
  marks?: string;
  counts?: Counts;
  /** Other count openings, for a language without spaces between its words. */
  countOpening?: string;
};

/** No letter or digit follows: the end of a word in any script. */
const END = '(?![\\p{L}\\p{N}])';
/** No letter or digit precedes: the start of a word in any script. */
const START = '(?<![\\p{L}\\p{N}])';
const opening = (words: string) => `^(?:${words})${END}`;
/**
 * A question opening, unless the text opens as a how-to with the same word ("Comment réussir …", "Cómo hacer …",
 * "Wie man …"): such a title is a how-to, as English "How to …" is, and not a question title too (which split
 * a French channel's how-to effect between the hook and the question-title dimensions).
 */
const questionOpening = (words: string, howTo: string) => `^(?!${howTo})(?:${words})${END}`;
// The how-tos that open with the language's "how", for the question openings to leave them.
const FRENCH_HOW_TO = `comment\\s+\\p{L}+(?:er|ir|re|oir)${END}`;
const SPANISH_HOW_TO = `c[oó]mo\\s+\\p{L}+(?:ar|er|ir)(?:l[oa]s?|se|te|me)?${END}`;
const GERMAN_HOW_TO = `wie\\s+(?:man|du|ihr)${END}`;
const anywhere = (words: string) => `${START}(?:${words})${END}`;
/**
 * A count opening a list: an optional lead-in, a count, then a word that is not a unit of time or an amount in any
 * of the channel's languages (one expression for them all: "2 heures" is an amount on a French channel, which
 * English's rule alone would read as a list of two "heures").
 */
function countOpening(counts: readonly Counts[]): string {
  const all = (part: keyof Counts) => counts.map((language) => language[part]).join('|');
  return `^(?:(?:${all('leadIns')})\\s+)?(?:\\d{1,2}|${all('numbers')})\\s+(?!(?:${all('units')})${END})\\p{L}`;
}

const ENGLISH: Patterns = {
  question: '^(why|what|who|is|are|do|does|did|can|could|should|would|will|have you|ever wondered)\\b',
  howTo: '^how[- ]to\\b|\\b(tutorials?|step[- ]by[- ]step|guide)\\b',
  counts: {
    leadIns: "top|here are|here's|the",
    numbers: 'two|three|four|five|six|seven|eight|nine|ten',
    units: 'hours?|minutes?|seconds?|days?|weeks?|months?|years?|million|thousand|k',
  },
  storyOpening:
    "^(i|i'm|i've|i'd|my|we|we're|our|yesterday|one day|when i|last (week|month|year|night|time)|the (day|night|time) (i|my|we))\\b",
  boldWords:
    '\\b(wrong|never|always|stop|secret|trick|forever|everything|everyone|nobody|nothing|best|worst|hate|truth|myth|lie|lies|ultimate|only|must|instantly|insane|shocking)\\b',
};

// How-to in the Romance languages: "how" followed by an infinitive ("comment réussir", "cómo hacer", "como fazer",
// "come fare"); "how" alone opens a question ("Comment la tarte est née ?"), as English "how" does.
const OTHERS: Partial<Record<Language, Patterns>> = {
  fr: {
    question: questionOpening(
      "pourquoi|comment|qui|quoi|quel|quelle|quels|quelles|quand|où|combien|est-ce|c'est quoi",
      FRENCH_HOW_TO,
    ),
    howTo: `^${FRENCH_HOW_TO}|${anywhere('tutos?|tutoriels?|pas à pas|étape par étape')}`,
    counts: {
      leadIns: 'les|voici|mes|nos',
      numbers: 'deux|trois|quatre|cinq|six|sept|huit|neuf|dix',
      units: 'heures?|minutes?|secondes?|jours?|semaines?|mois|ans|années?|millions?|milliers?|mille|°c?',
    },
    storyOpening: `^(?:j'|${opening("je|ma|mon|mes|nous|notre|nos|on a|hier|un jour|quand j'?|la semaine dernière|l'an dernier|l'année dernière|le jour où")})`,
    boldWords: anywhere(
      'jamais|toujours|secrets?|astuces?|pires?|meilleure?s?|faux|fausse|vérité|mythes?|mensonges?|arrêtez|arrête|personne|tout le monde|rien|incroyable|choquant|ultime|seule?s?|interdit',
    ),
  },
  es: {
    marks: '¿',
    question: questionOpening(
      'por qué|qué|cómo|cuál|cuáles|cuándo|dónde|quién|quiénes|cuánto|cuántos|cuánta|cuántas',
      SPANISH_HOW_TO,
    ),
    howTo: `^${SPANISH_HOW_TO}|${anywhere('tutorial|paso a paso|guía')}`,
    counts: {
      leadIns: 'los|las|mis',
      numbers: 'dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez',
      units: 'horas?|minutos?|segundos?|días?|semanas?|mes|meses|años?|millones|millón|mil|personas',
    },
    storyOpening: opening(
      'yo|mi|mis|nosotros|nuestro|nuestra|nuestros|nuestras|ayer|un día|cuando|la semana pasada|el año pasado|probé|intenté|hice|cociné|comí|preparé|fui|compré|descubrí|aprendí',
    ),
    boldWords: anywhere(
      'nunca|jamás|siempre|secretos?|trucos?|mejor|mejores|peor|peores|mal|mentiras?|verdad|mitos?|nadie|todo el mundo|todos|nada|increíble|únic[oa]|deja de|dejen de',
    ),
  },
  de: {
    question: questionOpening(
      'warum|wieso|weshalb|was|wer|wie|wo|wann|welche|welcher|welches|ist|sind|kann|kannst|hast|habt|gibt es',
      GERMAN_HOW_TO,
    ),
    howTo: `^${GERMAN_HOW_TO}|${anywhere('anleitung|tutorial|schritt für schritt')}`,
    counts: {
      leadIns: 'die|meine',
      numbers: 'zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn',
      units:
        'stunden?|minuten?|sekunden?|tagen?|tage|wochen?|monaten?|monate|jahren?|jahre|millionen|million|tausend|personen',
    },
    storyOpening: opening(
      'ich|mein|meine|meinen|meinem|meiner|wir|unser|unsere|gestern|eines tages|als ich|letzte woche',
    ),
    boldWords: anywhere(
      'nie|niemals|immer|geheimnis|geheimnisse|tricks?|falsch|besten?|bester|bestes|beste|schlechtesten?|wahrheit|mythos|lüge|niemand|alle|alles|nichts|hör auf|hört auf|unglaublich|schockierend|einzige',
    ),
  },
  pt: {
    question: opening(
      'por que|porque|por quê|o que|qual|quais|quando|onde|quem|quanto|quantos|quanta|quantas|você sabe',
    ),
    howTo: `^como\\s+\\p{L}+(?:ar|er|ir|or)${END}|${anywhere('tutorial|passo a passo|guia')}`,
    counts: {
      leadIns: 'os|as|meus|minhas',
      numbers: 'dois|duas|três|quatro|cinco|seis|sete|oito|nove|dez',
      units: 'horas?|minutos?|segundos?|dias?|semanas?|mês|meses|anos?|milhões|milhão|mil|pessoas',
    },
    storyOpening: opening(
      'eu|meu|meus|minha|minhas|nós|nosso|nossa|nossos|nossas|ontem|um dia|quando eu|testei|fiz|provei|tentei|comprei|descobri',
    ),
    boldWords: anywhere(
      'nunca|jamais|sempre|segredos?|truques?|errad[oa]s?|melhor|melhores|pior|piores|verdade|mitos?|mentiras?|ninguém|todo mundo|tudo|nada|pare de|incrível|chocante|únic[oa]',
    ),
  },
  it: {
    question: opening('perché|perchè|cosa|che cosa|chi|quale|quali|quando|dove|quanto|quanti|quanta|quante|lo sapevi'),
    howTo: `^come\\s+\\p{L}+(?:are|ere|ire|rre)${END}|${anywhere('tutorial|passo passo|passo dopo passo|guida')}`,
    counts: {
      leadIns: 'i|le|gli|ecco|miei|mie',
      numbers: 'due|tre|quattro|cinque|sei|sette|otto|nove|dieci',
      units:
        'ore|ora|minuti|minuto|secondi|secondo|giorni|giorno|settimane|settimana|mesi|mese|anni|anno|milioni|milione|mila|persone',
    },
    storyOpening: opening('io|mio|mia|miei|mie|noi|nostro|nostra|ho|ieri|un giorno|quando ho|la settimana scorsa'),
    boldWords: anywhere(
      'mai|sempre|segret[oi]|trucch?[oi]|sbagliat[oaie]|migliore|migliori|peggiore|peggiori|verità|miti|mito|bugie?|nessuno|tutti|tutto|niente|smetti|smettila|incredibile|scioccante|unic[oa]',
    ),
  },
  // No spaces between Japanese words: the words are matched as written, wherever they stand.
  ja: {
    marks: '？',
    question: '^(?:なぜ|どうして|なんで|何故)',
    howTo: '作り方|やり方|方法|仕方|使い方',
    countOpening: '^(?:\\d{1,2}|[一二三四五六七八九十])(?:つ|個|選)|\\d{1,2}選',
    storyOpening: '^(?:私|僕|俺|わたし|ぼく|昨日|ある日)|[てで]みた',
    boldWords: '絶対|秘密|最強|最高|最悪|禁止|衝撃|裏技|真実|嘘|必ず|誰も|史上',
  },
  // Chinese, simplified and traditional, matched as written like Japanese. Only words with one reading in titles:
  // "为什么" asks wherever it stands ("红烧肉为什么要焯水"), as do "吗" ending a clause and the A-not-A forms
  // ("是不是"); "怎么" alone may ask ("怎么会") or teach, so only "怎么做" and "怎么…才…" ("饺子怎么包才不会破")
  // are how-tos. A count needs a measure word of things ("5个技巧", "十大"), not of time or people ("3个月",
  // "两个人"), and "一" is "a" ("一个人"). "最" is a superlative but in "最近", "最后", "最新" and the like.
  zh: {
    marks: '？',
    question: `[为為](?:什[么麼]|啥|何)|怎[么麼](?:回事|[会會])|(?<!不)是什[么麼]|什[么麼]是|(?<![没沒])有什[么麼]|多少|哪(?!怕|吒)|是不是|能不能|[会會]不[会會]|要不要|有[没沒]有|好不好|可不可以|[对對]不[对對]|[吗嗎]${END}`,
    howTo: '做法|教程|教[学學]|教你|手把手|攻略|[学學][会會]|^如何|怎[么麼](?:做|\\p{Script=Han}{1,3}才)',
    countOpening:
      '^(?:\\d{1,2}|[二两兩三四五六七八九十])\\s*(?:个|個|种|種|款|道|招|件|条|條|大)(?!多|半|月|小时|小時|星期|礼拜|禮拜|钟|鐘|人)',
    storyOpening: '^(?:我|昨天|那天|有一天|第一次)|试了|試了|实测|實測',
    boldWords:
      '绝对|絕對|千万别|千萬別|千万不要|千萬不要|别再|別再|不要再|秘密|秘诀|秘訣|揭秘|真相|史上|必看|一定要|永远|永遠|从来|從來|没人|沒人|所有人|唯一|震惊|震驚|错了|錯了|谎言|謊言|禁止|最(?!近|后|後|初|终|終|新|早|晚|先)',
  },
};

const STYLES: readonly Style[] = ['question', 'howTo', 'storyOpening', 'boldWords'];

const built = new Map<string, HookRules>();

/** The rules for a channel's languages: English and every given language that has patterns. Built once per set. */
export function hookRules(languages: readonly Language[]): HookRules {
  const key = languages.join(' ');
  let rules = built.get(key);
  if (rules === undefined) {
    const sets = [ENGLISH, ...languages.flatMap((language) => OTHERS[language] ?? [])];
    const rule = (style: Style) => new RegExp(sets.map((set) => `(?:${set[style]})`).join('|'), 'u');
    const marks = sets.map((set) => set.marks ?? '').join('');
    const counts = sets.flatMap((set) => set.counts ?? []);
    const otherCounts = sets.flatMap((set) => (set.countOpening === undefined ? [] : [`|(?:${set.countOpening})`]));
    rules = {
      ...(Object.fromEntries(STYLES.map((style) => [style, rule(style)])) as Record<Style, RegExp>),
      countOpening: new RegExp(`(?:${countOpening(counts)})${otherCounts.join('')}`, 'u'),
      questionMarks: marks === '' ? null : new RegExp(`[${marks}]`, 'u'),
    };
    built.set(key, rules);
  }
  return rules;
}
