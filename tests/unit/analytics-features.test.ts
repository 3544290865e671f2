import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hookRules } from '../../src/core/analytics/hook-patterns.js';
import {
  hookStyle,
  LENGTH_GRID_S,
  lengthArm,
  lengthArmSeconds,
  lengthGridS,
  looksLikeQuestion,
  POSTING_HOURS,
  postingHourName,
  postingHourOf,
  postingSlot,
  titleFeatures,
  videoHookStyle,
  videoPostingTime,
} from '../../src/core/analytics/video-features.js';
import { generateDemoChannel } from '../../src/core/demo/demo-channel.js';
import type { Language } from '../../src/core/text/stopwords.js';

/** The hook rules of an English channel. */
const ENGLISH = hookRules(['en']);

const demo = generateDemoChannel({ seed: 42, endDate: new Date('2026-11-23T00:00:00Z') });

describe('length: the nearest point of the grid in ln seconds', () => {
  it('puts each duration at its nearest grid point, on a log scale', () => {
    const cases: [number, string][] = [
      [1, '5s'],
      [7, '5s'],
      [7.1, '10s'],
      [33, '30s'],
      [35, '40s'],
      [45, '50s'],
      [58, '60s'],
      [100, '90s'],
      [180, '3min'],
      [650, '10min'],
      [36_000, '1h'],
    ];
    for (const [durationS, arm] of cases) expect(lengthArm(durationS), `${durationS}s`).toBe(arm);
  });

  it('is never nearer to another grid point, and reads its seconds back', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 20_000, noNaN: true }), (durationS) => {
        const seconds = lengthGridS(durationS) as number;
        const distance = Math.abs(Math.log(durationS / seconds));
        for (const other of LENGTH_GRID_S) expect(distance).toBeLessThanOrEqual(Math.abs(Math.log(durationS / other)));
        expect(lengthArmSeconds(lengthArm(durationS) as string)).toBe(seconds);
      }),
    );
  });

  it('picks what a scan of the whole grid picks, ties to the shorter: at, between and halfway between grid points', () => {
    // The plain computation lengthGridS replaced: every grid point's distance, the first nearest kept.
    const scanned = (durationS: number) => {
      let nearest = LENGTH_GRID_S[0] as number;
      for (const seconds of LENGTH_GRID_S) {
        if (Math.abs(Math.log(durationS / seconds)) < Math.abs(Math.log(durationS / nearest))) nearest = seconds;
      }
      return nearest;
    };
    const halfway = LENGTH_GRID_S.slice(1).map((seconds, k) => Math.sqrt(seconds * (LENGTH_GRID_S[k] as number)));
    const duration = fc.oneof(
      fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
      fc.integer({ min: 1, max: 20_000 }),
      fc.constantFrom(...LENGTH_GRID_S, ...halfway),
      fc.constantFrom(...halfway).map((middle) => middle * (1 + 1e-15)),
    );
    fc.assert(
      fc.property(duration, (durationS) => {
        expect(lengthGridS(durationS)).toBe(scanned(durationS));
      }),
      {
        numRuns: 2000,
      },
    );
  });

  it('has no arm for an unknown, zero, negative or non-finite duration', () => {
    for (const durationS of [null, 0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(lengthArm(durationS)).toBeNull();
    }
  });
});

describe('posting time: the local hour', () => {
  it('names every hour and reads it back', () => {
    expect(POSTING_HOURS).toHaveLength(24);
    expect(postingHourName(0)).toBe('00:00');
    expect(postingHourName(19)).toBe('19:00');
    for (let hour = 0; hour < 24; hour++) expect(postingHourOf(postingHourName(hour))).toBe(hour);
  });

  it('has no hour for a video whose time of day is unknown (a date-only export)', () => {
    const publishedAt = new Date('2026-03-02T17:30:00Z');
    expect(videoPostingTime({ publishedAt, publishTimeKnown: true }, 'Europe/Berlin')).toBe('18:00');
    expect(videoPostingTime({ publishedAt, publishTimeKnown: false }, 'Europe/Berlin')).toBeNull();
    expect(videoPostingTime({ publishedAt: null, publishTimeKnown: true }, 'Europe/Berlin')).toBeNull();
  });

  it('reads the hour on the local clock across a DST change: the same 19:00 in New York is 23:00 then 00:00 UTC', () => {
    const before = videoPostingTime(
      { publishedAt: new Date('2026-03-06T00:00:00Z'), publishTimeKnown: true },
      'America/New_York',
    );
    const after = videoPostingTime(
      { publishedAt: new Date('2026-03-09T23:00:00Z'), publishTimeKnown: true },
      'America/New_York',
    );
    expect([before, after]).toEqual(['19:00', '19:00']);
  });
});

describe('postingSlot', () => {
  const newYork = 'America/New_York';

  it('reads the local weekday and hour in winter and in summer', () => {
    expect(postingSlot(new Date('2024-01-15T23:00:00Z'), newYork)).toEqual({
      weekday: 'Mon',
      hour: 18,
    });
    expect(postingSlot(new Date('2024-07-01T22:00:00Z'), newYork)).toEqual({
      weekday: 'Mon',
      hour: 18,
    });
  });

  it('follows the DST changes: the spring gap and the repeated autumn hour', () => {
    expect(postingSlot(new Date('2024-03-10T06:30:00Z'), newYork)?.hour).toBe(1);
    expect(postingSlot(new Date('2024-03-10T07:30:00Z'), newYork)?.hour).toBe(3);
    expect(postingSlot(new Date('2024-11-03T05:30:00Z'), newYork)).toEqual({
      weekday: 'Sun',
      hour: 1,
    });
    expect(postingSlot(new Date('2024-11-03T06:30:00Z'), newYork)?.hour).toBe(1);
  });

  it('handles half-hour zones and the weekday change across midnight', () => {
    expect(postingSlot(new Date('2024-01-01T00:00:00Z'), 'Asia/Kolkata')).toEqual({
      weekday: 'Mon',
      hour: 5,
    });
    expect(postingSlot(new Date('2024-01-01T02:00:00Z'), 'America/Los_Angeles')).toEqual({
      weekday: 'Sun',
      hour: 18,
    });
  });

  it('agrees with Intl at any instant, in zones with DST, half and quarter hours and odd transition times', () => {
    const zones = [
      'UTC',
      newYork,
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Africa/Casablanca',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: -2e11, max: 2.2e12 }), (zone, ms) => {
        const parts = new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          weekday: 'short',
          hour: 'numeric',
          hourCycle: 'h23',
        }).formatToParts(ms);
        const slot = postingSlot(new Date(ms), zone);
        expect(slot?.weekday).toBe(parts.find((part) => part.type === 'weekday')?.value);
        expect(slot?.hour).toBe(Number(parts.find((part) => part.type === 'hour')?.value));
      }),
      { numRuns: 3000 },
    );
    expect(() => postingSlot(new Date(0), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('has no slot for an unknown or invalid publish time', () => {
    expect(postingSlot(null, newYork)).toBeNull();
    expect(postingSlot(new Date(Number.NaN), newYork)).toBeNull();
  });

  it('puts every demo upload inside the creator’s 7:00–22:00 local habit, all year round', () => {
    const hours = demo.videos.map((video) => postingSlot(video.publishedAt, demo.timezone)?.hour);
    expect(hours.every((hour) => hour !== undefined && hour >= 7 && hour <= 22)).toBe(true);
  });
});

describe('hookStyle', () => {
  it('classifies each style by its documented rule', () => {
    const cases: [string, string][] = [
      ["POV: you're about to make the best pasta of your life.", 'pov'],
      ['How to poach an egg | step by step', 'how-to'],
      ['Pivot Tables in Excel | Excel Tutorials for Beginners', 'how-to'],
      ['Are you making rice wrong?', 'question'],
      ['Ever wondered what happens to bread when you bake it', 'question'],
      ['Top 5 Data Analyst Skills', 'number-list'],
      ['Here are 3 things about kimchi you need to know.', 'number-list'],
      ['I tested cookies for 7 days', 'story'],
      ['The day my sourdough went horribly wrong', 'story'],
      ["You've been making steak wrong your whole life", 'bold-claim'],
      ['Chefs hate this baking secret', 'bold-claim'],
      ['Kitchen update', 'other'],
      ['', 'other'],
    ];
    for (const [text, style] of cases) expect(hookStyle(text, ENGLISH), text).toBe(style);
  });

  it('reads a count before any letter as a list: "3 éclairs …", "5 Übungen …"', () => {
    expect(hookStyle('3 éclairs you can make at home', ENGLISH)).toBe('number-list');
    expect(hookStyle('5 Übungen for a stronger core', ENGLISH)).toBe('number-list');
  });

  it('reads an amount as no list: "2 Hour …", "1 Million …"', () => {
    expect(hookStyle('2 Hour Data Analyst Interview Masterclass', ENGLISH)).toBe('other');
    expect(hookStyle('1 Million Subscriber Livestream', ENGLISH)).toBe('other');
  });

  it('ignores leading emoji and quotes', () => {
    expect(hookStyle('🔥 "POV: you finally understand rice"', ENGLISH)).toBe('pov');
  });

  it('recovers the demo’s true style from the hook lines, and from the titles alone', () => {
    const truth = demo.truth.hookStyleByVideo;
    const fromLines = demo.videos.filter((video) => videoHookStyle(video, ENGLISH) === truth[video.youtubeId]);
    const fromTitles = demo.videos.filter(
      (video) => videoHookStyle({ hookLine: null, title: video.title }, ENGLISH) === truth[video.youtubeId],
    );
    expect(fromLines.length / demo.videos.length).toBeGreaterThanOrEqual(0.9);
    expect(fromTitles.length / demo.videos.length).toBeGreaterThanOrEqual(0.8);
  });

  it('falls back to the title when the hook line is blank', () => {
    expect(videoHookStyle({ hookLine: '   ', title: 'Why does bread go stale?' }, ENGLISH)).toBe('question');
  });
});

describe('hookStyle in the channel’s languages', () => {
  // Each language's rules with English, as a channel whose titles are in it gets them.
  const cases: Record<string, [string, string][]> = {
    fr: [
      ['Comment réussir sa crème brûlée', 'how-to'],
      ['Tarte aux pommes, pas à pas', 'how-to'],
      ['Pourquoi ma tarte est trop sèche', 'question'],
      ['Comment la crème brûlée est née', 'question'],
      ['3 œufs, 1 poêle, 0 vaisselle', 'number-list'],
      ['Les 3 erreurs qui ruinent un soufflé', 'number-list'],
      ['2 heures de cuisson pour ce bœuf', 'other'],
      ["J'ai testé la recette de ma grand-mère", 'story'],
      ['Ma crème brûlée à la vanille', 'story'],
      ['La tarte qui ne rate jamais', 'bold-claim'],
      ['Une salade pour cet été', 'other'],
    ],
    es: [
      ['Cómo hacer tacos al pastor en casa', 'how-to'],
      ['¿Sabías esto de la paella', 'question'],
      ['Por qué mi paella no tiene socarrat', 'question'],
      ['5 errores con la tortilla', 'number-list'],
      ['Probé los tacos de la calle', 'story'],
      ['Mi abuela hace la mejor paella', 'story'],
      ['Nunca laves el arroz así', 'bold-claim'],
    ],
    de: [
      ['Wie man Brezeln richtig formt', 'how-to'],
      ['Warum die Currywurst in Berlin anders schmeckt', 'question'],
      ['3 Fehler beim Käsekuchen', 'number-list'],
      ['Ich habe 10 Brezeln getestet', 'story'],
      ['Das macht man nie mit Käsekuchen', 'bold-claim'],
    ],
    pt: [
      ['Como fazer pão de queijo mineiro', 'how-to'],
      ['Por que o brigadeiro endurece', 'question'],
      ['Eu testei o brigadeiro mais caro', 'story'],
      ['Você está fazendo brigadeiro errado!', 'bold-claim'],
    ],
    it: [
      ['Come fare la carbonara romana', 'how-to'],
      ['Perché la mia pizza non cresce', 'question'],
      ['Ho provato 5 ristoranti di Roma', 'story'],
      ['Carbonara: gli errori che tutti fanno', 'bold-claim'],
    ],
    ja: [
      ['ふわふわパンケーキの作り方', 'how-to'],
      ['一晩寝かせたカレーは本当においしい？', 'question'],
      ['なぜラーメンは伸びるのか', 'question'],
      ['3つのコツでカレーが変わる', 'number-list'],
      ['カレーライスを本気で作ってみた', 'story'],
      ['絶対に失敗しないパンケーキ', 'bold-claim'],
    ],
    zh: [
      ['红烧肉的做法，肥而不腻🥩', 'how-to'],
      ['饺子怎么包才不会破', 'how-to'],
      ['【教程】手把手教你做蛋糕', 'how-to'],
      ['红烧肉为什么要焯水', 'question'],
      ['為什麼台灣的滷肉飯這麼好吃', 'question'],
      ['这样做真的好吃吗 #美食', 'question'],
      ['蛋炒饭到底要不要放葱', 'question'],
      ['麻婆豆腐的灵魂是什么', 'question'],
      ['5个技巧让饺子更好吃', 'number-list'],
      ['十大最好吃的家常菜', 'number-list'],
      ['3个月瘦了10斤', 'other'],
      ['一个人吃火锅', 'other'],
      ['我在成都吃了三天火锅', 'story'],
      ['千万别这样煮饺子！', 'bold-claim'],
      ['史上最简单的蛋炒饭', 'bold-claim'],
      ['最近很火的网红蛋糕', 'other'],
      ['这不是什么秘密', 'bold-claim'],
      ['哪吒之魔童降世 影评', 'other'],
      ['冬至吃饺子', 'other'],
    ],
  };

  it.each(Object.keys(cases))('%s: reads each style in the language’s own words', (language) => {
    const rules = hookRules([language as Language, 'en']);
    for (const [text, style] of cases[language] ?? []) expect(hookStyle(text, rules), text).toBe(style);
  });

  it('keeps reading English titles as English on any of these channels', () => {
    const rules = hookRules(['fr', 'es', 'de', 'pt', 'it', 'ja', 'zh', 'en']);
    for (const video of demo.videos)
      expect(hookStyle(video.title, rules), video.title).toBe(hookStyle(video.title, ENGLISH));
  });

  it('reads words shared with English in another sense only on a channel of that language', () => {
    // "Ma", "mi", "eu" are English words or names; "was" is English, "come" too.
    for (const text of [
      'Ma Rainey’s cornbread',
      'Mi-Go mushroom risotto',
      'Eu food rules explained',
      'Come dine with me',
    ]) {
      expect(hookStyle(text, ENGLISH), text).toBe('other');
    }
    expect(hookStyle('Mi abuela cocina', hookRules(['es', 'en']))).toBe('story');
    expect(hookStyle('Eu fiz pão', hookRules(['pt', 'en']))).toBe('story');
  });

  it('reads "？" and "¿" as question marks in the title features too', () => {
    expect(titleFeatures('本当においしい？', hookRules(['ja', 'en'])).isQuestion).toBe(true);
    expect(titleFeatures('¿Sabías esto', hookRules(['es', 'en'])).isQuestion).toBe(true);
    expect(looksLikeQuestion('Pourquoi le pain rassit', hookRules(['fr', 'en']))).toBe(true);
  });

  it('reads a how-to opening with the language’s "how" as no question title, as English "How to" is none', () => {
    const rules = hookRules(['fr', 'es', 'de', 'en']);
    for (const text of ['Comment réussir la crème brûlée', 'Cómo hacer tacos al pastor', 'Wie man Brezeln backt']) {
      expect(titleFeatures(text, rules).isQuestion, text).toBe(false);
      expect(hookStyle(text, rules), text).toBe('how-to');
    }
    for (const text of ['Comment la tarte est née', 'Cómo es la vida en Madrid', 'Wie schmeckt Currywurst']) {
      expect(titleFeatures(text, rules).isQuestion, text).toBe(true);
    }
  });
});

describe('titleFeatures', () => {
  it('reads numbers, questions, series markers, capitals, emoji, separators and length', () => {
    expect(titleFeatures('Intermediate SQL Tutorial | Partition By', ENGLISH)).toEqual({
      hasNumber: false,
      isQuestion: false,
      isSeries: false,
      hasAllCapsWord: false,
      hasEmoji: false,
      hasSeparator: true,
      length: 'short',
    });
    expect(titleFeatures('Why Is My FREE Sourdough Starter Dead?? 🍞 (part 2)', ENGLISH)).toEqual({
      hasNumber: true,
      isQuestion: true,
      isSeries: true,
      hasAllCapsWord: true,
      hasEmoji: true,
      hasSeparator: false,
      length: 'medium',
    });
  });

  it('recognises the usual series markers', () => {
    for (const title of ['Show | Episode 12', 'Project 2/4', 'Q&A #5', 'Beginner MySQL Series', 'Pt. 3']) {
      expect(titleFeatures(title, ENGLISH).isSeries, title).toBe(true);
    }
    expect(titleFeatures('Top 10 Udemy Courses', ENGLISH).isSeries).toBe(false);
  });

  it('buckets length at 40 and 70 characters', () => {
    expect(titleFeatures('x'.repeat(40), ENGLISH).length).toBe('short');
    expect(titleFeatures('x'.repeat(41), ENGLISH).length).toBe('medium');
    expect(titleFeatures('x'.repeat(70), ENGLISH).length).toBe('medium');
    expect(titleFeatures('x'.repeat(71), ENGLISH).length).toBe('long');
    expect(titleFeatures('', ENGLISH).length).toBe('short');
  });

  it('treats acronyms of three letters as no all-caps word', () => {
    expect(titleFeatures('SQL vs AWS vs POV', ENGLISH).hasAllCapsWord).toBe(false);
  });

  // titleFeatures reads the four ASCII features in one pass and runs the Unicode expressions only where they might
  // match (video-features.ts): its answers must be the expressions' own, on any text.
  it('answers as the documented regular expressions do, on any text', () => {
    const pieces = fc.constantFrom(
      ...['a', 'Z', 'É', 'ß', 'İ', '7', '٣', ' ', '|', ':', '?', '#', '/', '.', '\u2019', '"', '©', '™', '🍞', '𝐁'],
      ...['\uD83D', '\uDE00', 'series', 'SERIES', 'Part ', 'ep.', 'FREE', 'ABCD', 'why ', 'POV'],
    );
    const normalised = (text: string) =>
      text
        .toLowerCase()
        .replace(/[\u2018\u2019]/g, "'")
        .replace(/^[^\p{L}\p{N}]+/u, '')
        .trim();
    const question = /^(why|what|who|is|are|do|does|did|can|could|should|would|will|have you|ever wondered)\b/;
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 24 }), (parts) => {
        const title = parts.join('');
        const text = normalised(title);
        expect(titleFeatures(title, ENGLISH)).toEqual({
          hasNumber: /\d/.test(title),
          isQuestion: text.includes('?') || question.test(text),
          isSeries:
            /\b(part|pt\.?|episode|ep\.?|chapter|lesson|vol\.?)\s*#?\d+|#\d+\b|\b\d+\s*\/\s*\d+\b|\bseries\b/i.test(
              title,
            ),
          hasAllCapsWord: /(?<![\p{L}\p{N}])\p{Lu}{4,}(?![\p{L}\p{N}])/u.test(title),
          hasEmoji: /\p{Extended_Pictographic}/u.test(title),
          hasSeparator: /[|:]/.test(title),
          length: [...title].length <= 40 ? 'short' : [...title].length > 70 ? 'long' : 'medium',
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('asks a question with "?" or a question opening', () => {
    expect(looksLikeQuestion('What is Data Cleaning', ENGLISH)).toBe(true);
    expect(looksLikeQuestion('Where Clause in MySQL', ENGLISH)).toBe(false);
    expect(looksLikeQuestion('Where to start?', ENGLISH)).toBe(true);
  });
});
