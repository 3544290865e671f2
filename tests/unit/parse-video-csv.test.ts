import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvFormatError, parseVideoCsv } from '../../src/core/import/parse-video-csv.js';

const TUBEPILOT_HEADER = 'video_id,title,published_at,duration_seconds,views,likes,comments';

function formatError(text: string): string {
  try {
    parseVideoCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(CsvFormatError);
    return (error as CsvFormatError).message;
  }
  throw new Error('expected a CsvFormatError');
}

describe('parseVideoCsv: TubePilot format', () => {
  it('reads a date alone when the day exists in the calendar, and skips the row when it does not', () => {
    const day = fc.record({
      year: fc.integer({ min: 100, max: 9999 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
    });
    fc.assert(
      fc.property(day, ({ year, month, day }) => {
        const cell = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const parsed = parseVideoCsv(`${TUBEPILOT_HEADER}\nid,T,${cell},60,1,1,1\n`);
        const calendar = new Date(Date.UTC(year, month - 1, day));
        if (calendar.getUTCMonth() === month - 1) expect(parsed.videos[0]?.publishedAt).toEqual(calendar);
        else expect(parsed.skipped).toEqual([{ line: 2, reason: `published_at "${cell}" is not a date` }]);
      }),
    );
  });

  it('reads any ISO date-time to the instant JavaScript reads it as (no zone: UTC), with its time of day known', () => {
    const twoDigits = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const isoDateTime = fc
      .record({
        year: fc.integer({ min: 1000, max: 9999 }).map(String),
        month: fc.integer({ min: 1, max: 12 }).map((n) => String(n).padStart(2, '0')),
        day: fc.integer({ min: 1, max: 28 }).map((n) => String(n).padStart(2, '0')),
        hour: twoDigits(23),
        minute: twoDigits(59),
        second: fc.option(twoDigits(59), { nil: '' }),
        fraction: fc.option(fc.stringMatching(/^[0-9]{1,3}$/), { nil: '' }),
        zone: fc.oneof(
          fc.constant(''),
          fc.constant('Z'),
          fc.tuple(fc.constantFrom('+', '-'), twoDigits(23), twoDigits(59)),
        ),
      })
      .map(({ year, month, day, hour, minute, second, fraction, zone }) => {
        const time = second === '' ? `${hour}:${minute}` : `${hour}:${minute}:${second}${fraction && `.${fraction}`}`;
        const offset = Array.isArray(zone) ? `${zone[0]}${zone[1]}:${zone[2]}` : zone;
        return {
          cell: `${year}-${month}-${day}T${time}${offset}`,
          oracle: `${year}-${month}-${day}T${time}${offset || 'Z'}`,
        };
      });
    fc.assert(
      fc.property(isoDateTime, ({ cell, oracle }) => {
        const [video] = parseVideoCsv(`${TUBEPILOT_HEADER}\nid,T,${cell},60,1,1,1\n`).videos;
        expect(video?.publishedAt).toEqual(new Date(oracle));
        expect(video?.publishTimeKnown).toBe(true);
      }),
    );
  });

  it('reads the required columns into a VideoRecord', () => {
    const parsed = parseVideoCsv(`${TUBEPILOT_HEADER}\nabcdefghijk,My video,2024-03-01T10:20:30Z,612,1500,40,3\n`);
    expect(parsed.format).toBe('tubepilot');
    expect(parsed.dataRows).toBe(1);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.videos).toEqual([
      {
        youtubeId: 'abcdefghijk',
        title: 'My video',
        description: null,
        tags: [],
        durationS: 612,
        publishedAt: new Date('2024-03-01T10:20:30Z'),
        publishTimeKnown: true,
        isShort: false,
        topic: null,
        hookLine: null,
        stats: {
          views: 1500,
          engagedViews: null,
          likes: 40,
          comments: 3,
          shares: null,
          avgViewPct: null,
          avgViewDurationS: null,
          estimatedMinutesWatched: null,
          subscribersGained: null,
          impressions: null,
          ctr: null,
        },
        statsAt: null,
        snapshots: [],
        retention: [],
      },
    ]);
  });

  it('reads the optional columns, in any order and letter case, ignoring unknown ones', () => {
    const text = [
      ' CTR ,Tags,Video_ID,title,Topic,published_at,duration_seconds,views,likes,comments,engaged_views,shares,' +
        'avg_view_pct,avg_view_duration_s,impressions,description,extra',
      '4.5%,a|b | c,id1,Short one,cooking,2024-03-01,45,100,5,1,80,2,97.5,0:44,2000,"Line 1\nLine 2",whatever',
    ].join('\n');
    const [video] = parseVideoCsv(text).videos;
    expect(video).toMatchObject({
      youtubeId: 'id1',
      tags: ['a', 'b', 'c'],
      topic: 'cooking',
      description: 'Line 1\nLine 2',
      durationS: 45,
      isShort: true,
      publishedAt: new Date('2024-03-01T00:00:00Z'),
      // A date alone: the day is known, the hour is not (not midnight UTC).
      publishTimeKnown: false,
      stats: { engagedViews: 80, shares: 2, avgViewPct: 97.5, avgViewDurationS: 44, impressions: 2000, ctr: 4.5 },
    });
  });

  it('reads tags as a Python list, a JSON array, pipe-separated, or nothing', () => {
    const text = [
      `${TUBEPILOT_HEADER},tags`,
      `a,A,,,,,,"['x', ""b's"", 'it\\'s']"`,
      `b,B,,,,,,"[""j1"", ""caf\\u00e9""]"`,
      'c,C,,,,,,one|two',
      'd,D,,,,,,',
      'e,E,,,,,,[]',
    ].join('\n');
    expect(parseVideoCsv(text).videos.map((video) => video.tags)).toEqual([
      ['x', "b's", "it's"],
      ['j1', 'café'],
      ['one', 'two'],
      [],
      [],
    ]);
  });

  it('reads an empty cell as null, never zero', () => {
    const [video] = parseVideoCsv(`${TUBEPILOT_HEADER}\nid1,Title,,,,0,\n`).videos;
    expect(video).toMatchObject({ publishedAt: null, durationS: null, isShort: null });
    expect(video?.stats).toMatchObject({ views: null, likes: 0, comments: null });
  });

  it('accepts ISO times with offsets, fractions or no zone (UTC)', () => {
    const text = [
      `${TUBEPILOT_HEADER}`,
      'a,A,2024-03-01T12:00:00+02:00,,,,',
      'b,B,2024-03-01 12:00,,,,',
      'c,C,2024-03-01T12:00:00.250Z,,,,',
    ].join('\n');
    expect(parseVideoCsv(text).videos.map((video) => video.publishedAt?.toISOString())).toEqual([
      '2024-03-01T10:00:00.000Z',
      '2024-03-01T12:00:00.000Z',
      '2024-03-01T12:00:00.250Z',
    ]);
  });
});

describe('parseVideoCsv: file encoding and CSV syntax', () => {
  it('handles a BOM and CRLF line ends', () => {
    const text = `\uFEFF${TUBEPILOT_HEADER}\r\nid1,"Two\r\nlines",2024-01-02,60,10,1,0\r\nid2,Two,,,,,\r\nid3,T,,,x,,\r\n`;
    const parsed = parseVideoCsv(text);
    expect(parsed.videos.map((video) => [video.youtubeId, video.title])).toEqual([
      ['id1', 'Two\r\nlines'],
      ['id2', 'Two'],
    ]);
    expect(parsed.skipped).toEqual([{ line: 5, reason: 'views "x" is not a number' }]);
  });

  it('numbers the lines of a file with old Mac line ends (CR alone), a record per line', () => {
    const parsed = parseVideoCsv(`${TUBEPILOT_HEADER}\rid1,T,,,1,,\r\rid2,T,,,x,,\r`);
    expect(parsed.videos.map((video) => video.youtubeId)).toEqual(['id1']);
    expect(parsed.skipped).toEqual([{ line: 4, reason: 'views "x" is not a number' }]);
  });

  it('handles quoted fields with commas, quotes and newlines', () => {
    const [video] = parseVideoCsv(`${TUBEPILOT_HEADER}\nid1,"Say ""hi"", then\r\nleave",,,,,\n`).videos;
    expect(video?.title).toBe('Say "hi", then\r\nleave');
  });

  it('reads numbers with thousands separators and a percent sign', () => {
    const text = `${TUBEPILOT_HEADER},ctr\nid1,T,,"1,234","1 234 567",1\u00a0000,"2,000",12.5 %\n`;
    const [video] = parseVideoCsv(text).videos;
    expect(video?.durationS).toBe(1234);
    expect(video?.stats).toMatchObject({ views: 1234567, likes: 1000, comments: 2000, ctr: 12.5 });
  });

  it('ignores blank lines', () => {
    const parsed = parseVideoCsv(`${TUBEPILOT_HEADER}\n\nid1,T,,,,,\n  \n,,,,,,\n`);
    expect(parsed.videos).toHaveLength(1);
    expect(parsed.dataRows).toBe(1);
  });
});

describe('parseVideoCsv: YouTube Studio export', () => {
  const studio = [
    'Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,Average view duration,' +
      'Impressions,Impressions click-through rate (%),Average percentage viewed (%),Likes,Comments added,Shares,Engaged views',
    'Total,,,,"12,345",1000.5,40,0:03:10,99999,4.1,40.2,500,60,20,11000',
    ' -abc123XYZ0,"How I cook, fast","Sep 30, 2023",754,"10,000",500.25,-3,1:02:03,80000,5.5,45.25,400,50,15,9000',
    'zyx987WVU65,,2024-02-29,30,2345,0.5,7,45,,,,,,,',
    'Qwe_rty1234,Eleven minutes,"Jan 5, 2024",660,12,0.1,,4:05,,,,,,,',
  ].join('\n');

  it('detects the format and drops the Total row without reporting it', () => {
    const parsed = parseVideoCsv(studio);
    expect(parsed.format).toBe('youtube-studio');
    expect(parsed.videos.map((video) => video.youtubeId)).toEqual(['-abc123XYZ0', 'zyx987WVU65', 'Qwe_rty1234']);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.dataRows).toBe(3);
  });

  it('reads dates, durations, watch time and counts', () => {
    const [first, second, third] = parseVideoCsv(studio).videos;
    expect(first).toMatchObject({
      title: 'How I cook, fast',
      publishedAt: new Date('2023-09-30T00:00:00Z'),
      publishTimeKnown: false,
      durationS: 754,
      isShort: false,
      tags: [],
      stats: {
        views: 10000,
        estimatedMinutesWatched: 30015,
        subscribersGained: -3,
        avgViewDurationS: 3723,
        impressions: 80000,
        ctr: 5.5,
        avgViewPct: 45.25,
        likes: 400,
        comments: 50,
        shares: 15,
        engagedViews: 9000,
      },
    });
    expect(second).toMatchObject({ publishedAt: new Date('2024-02-29T00:00:00Z'), isShort: true });
    expect(second?.stats).toMatchObject({ avgViewDurationS: 45, estimatedMinutesWatched: 30, impressions: null });
    expect(third?.stats.avgViewDurationS).toBe(245);
    expect(third?.stats.estimatedMinutesWatched).toBeCloseTo(6);
    expect(third?.publishedAt).toEqual(new Date('2024-01-05T00:00:00Z'));
  });

  it('uses the id as title when the title is empty or the column is absent', () => {
    expect(parseVideoCsv(studio).videos[1]?.title).toBe('zyx987WVU65');
    const [video] = parseVideoCsv('Content,Views\nid1,5\n').videos;
    expect(video).toMatchObject({ youtubeId: 'id1', title: 'id1', stats: { views: 5 } });
  });

  it('prefers Subscribers gained over the net Subscribers column', () => {
    const [video] = parseVideoCsv('Content,Views,Subscribers,Subscribers gained\nid1,1,-2,5\n').videos;
    expect(video?.stats.subscribersGained).toBe(5);
  });

  it('reports a repeated video as a duplicate', () => {
    const parsed = parseVideoCsv('Content,Views\nid1,5\nid1,6\n');
    expect(parsed.videos).toHaveLength(1);
    expect(parsed.skipped).toEqual([{ line: 3, reason: 'duplicate row for video id1 (first seen on line 2)' }]);
  });
});

describe('parseVideoCsv: bad rows', () => {
  it('skips each bad row with its physical line and a reason naming the column and value', () => {
    const text = [
      TUBEPILOT_HEADER, // line 1
      'ok1,"A title that spans', // line 2
      'two lines",,,1,,', // line 3
      'bad1,T,,,12x,,', // line 4
      'bad2,T,,,,-4,', // line 5
      'bad3,T,2024-02-30,,,,', // line 6
      ',T,,,,,', // line 7
      'bad5,,,,,,', // line 8
      'bad6,T,,,', // line 9
      'bad7,T,,12.5,,,', // line 10
      'ok2,T,,,,,', // line 11
      'bad8,T,,,"12,5",,', // line 12
    ].join('\n');
    const parsed = parseVideoCsv(text);
    expect(parsed.videos.map((video) => video.youtubeId)).toEqual(['ok1', 'ok2']);
    expect(parsed.dataRows).toBe(10);
    expect(parsed.skipped).toEqual([
      { line: 4, reason: 'views "12x" is not a number' },
      { line: 5, reason: 'likes "-4" is negative' },
      { line: 6, reason: 'published_at "2024-02-30" is not a date' },
      { line: 7, reason: 'video_id is empty' },
      { line: 8, reason: 'title is empty' },
      { line: 9, reason: 'has 5 fields where the header has 7' },
      { line: 10, reason: 'duration_seconds "12.5" is not a whole number of seconds' },
      { line: 12, reason: 'views "12,5" is not a number' },
    ]);
  });

  it('names the column as the file spells it and reports unreadable tags', () => {
    const parsed = parseVideoCsv(`Content,Views,Video publish time\nid1,lots,\nid2,1,Sep 31 2023\n`);
    expect(parsed.skipped).toEqual([
      { line: 2, reason: 'Views "lots" is not a number' },
      { line: 3, reason: 'Video publish time "Sep 31 2023" is not a date' },
    ]);
    const tags = parseVideoCsv(`${TUBEPILOT_HEADER},tags\nid1,T,,,,,,"['a', 'b"\n`);
    expect(tags.skipped).toEqual([{ line: 2, reason: `tags "['a', 'b" is not a list of quoted tags` }]);
  });
});

describe('parseVideoCsv: time series', () => {
  const header = `${TUBEPILOT_HEADER},engaged_views,snapshot_at`;

  it('turns rows of one video with different snapshot_at into snapshots, oldest first', () => {
    const text = [
      header,
      'id1,New title,2024-01-01,300,250,20,4,,2024-01-03T00:00:00Z',
      'id2,Other,2024-01-01,300,9,1,0,,',
      'id1,Old title,2024-01-01,300,100,10,,80,2024-01-02',
      'id1,Older title,2024-01-01,300,5,,,,2024-01-01T12:00:00Z',
    ].join('\n');
    const parsed = parseVideoCsv(text);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.videos.map((video) => video.youtubeId)).toEqual(['id1', 'id2']);
    const [series, single] = parsed.videos;
    expect(series?.title).toBe('New title');
    expect(series?.stats.views).toBe(250);
    expect(series?.snapshots).toEqual([
      { takenAt: new Date('2024-01-01T12:00:00Z'), views: 5, engagedViews: null, likes: null, comments: null },
      { takenAt: new Date('2024-01-02T00:00:00Z'), views: 100, engagedViews: 80, likes: 10, comments: null },
      { takenAt: new Date('2024-01-03T00:00:00Z'), views: 250, engagedViews: null, likes: 20, comments: 4 },
    ]);
    expect(single?.snapshots).toEqual([]);
  });

  it('gives a single row with snapshot_at one snapshot', () => {
    const [video] = parseVideoCsv(`${header}\nid1,T,,,7,,,,2024-05-01\n`).videos;
    expect(video?.snapshots).toEqual([
      { takenAt: new Date('2024-05-01T00:00:00Z'), views: 7, engagedViews: null, likes: null, comments: null },
    ]);
  });

  it('skips a snapshot row without views', () => {
    const parsed = parseVideoCsv(`${header}\nid1,T,,,,3,,,2024-05-01\n`);
    expect(parsed.skipped).toEqual([{ line: 2, reason: 'views is empty, but a row with snapshot_at needs it' }]);
  });

  it('skips a reading taken before the video was published; a date alone is its day’s start', () => {
    const parsed = parseVideoCsv(
      [
        header,
        'id1,T,2024-05-02T10:00:00Z,30,7,,,,2024-05-02T09:59:59Z',
        'id2,T,2024-05-02,30,7,,,,2024-05-02T00:00:00Z',
      ].join('\n'),
    );
    expect(parsed.skipped).toEqual([
      {
        line: 2,
        reason:
          'published 2024-05-02T10:00:00.000Z, after its figures were read (snapshot_at 2024-05-02T09:59:59.000Z)',
      },
    ]);
    expect(parsed.videos.map((video) => video.youtubeId)).toEqual(['id2']);
  });

  it('skips later rows repeating a video with the same or no snapshot_at', () => {
    const text = [
      header,
      'id1,T,,,1,,,,2024-01-01',
      'id1,T,,,2,,,,2024-01-01T00:00:00Z',
      'id1,T,,,3,,,,',
      'id2,T,,,1,,,,',
      'id2,T,,,2,,,,2024-01-01',
    ].join('\n');
    const parsed = parseVideoCsv(text);
    expect(parsed.videos.map((video) => [video.youtubeId, video.stats.views])).toEqual([
      ['id1', 1],
      ['id2', 1],
    ]);
    expect(parsed.skipped).toEqual([
      { line: 3, reason: 'duplicate row for video id1 (first seen on line 2)' },
      { line: 4, reason: 'duplicate row for video id1 (first seen on line 2)' },
      { line: 6, reason: 'duplicate row for video id2 (first seen on line 5)' },
    ]);
  });
});

describe('parseVideoCsv: files that are not a video CSV', () => {
  it('rejects an empty file', () => {
    expect(formatError('')).toBe('the file is empty');
    expect(formatError('\uFEFF\r\n  \n')).toBe('the file is empty');
  });

  it('rejects binary content', () => {
    expect(formatError('PK\u0003\u0004\u0000\u0000binary')).toMatch(/NUL bytes/);
  });

  it('rejects an unknown header, listing what each format needs and what is missing', () => {
    const message = formatError('id,name,views\n1,a,2\n');
    expect(message).toContain('matches neither known CSV format');
    expect(message).toContain('Content and Video title or Views; missing: Content');
    expect(message).toContain(
      'A TubePilot CSV needs video_id, title, published_at, duration_seconds, views, likes, comments; ' +
        'missing: video_id, title, published_at, duration_seconds, likes, comments',
    );
    expect(message).toContain('The header has: "id", "name", "views"');
  });

  it('asks Studio files for a title or views column', () => {
    expect(formatError('Content,Duration\nid1,5\n')).toContain('missing: Video title or Views');
  });

  it('rejects an unterminated quote, naming the line where its row starts', () => {
    const message = formatError(`${TUBEPILOT_HEADER}\nid1,T,,,,,\nid2,"Never closed,,,,,\nid3,T,,,,,\n`);
    expect(message).toBe('the quoted field in the row starting on line 3 is never closed: a closing " is missing');
  });
});

describe('parseVideoCsv: a real file', () => {
  const text = readFileSync(new URL('../fixtures/alex-the-analyst-videos.csv', import.meta.url), 'utf8');

  it('parses all 357 videos of the Alex The Analyst channel', () => {
    const parsed = parseVideoCsv(text);
    expect(parsed).toMatchObject({ format: 'tubepilot', dataRows: 357, skipped: [] });
    expect(parsed.videos).toHaveLength(357);
    expect(parsed.videos.every((video) => Array.isArray(video.tags))).toBe(true);
    const [first] = parsed.videos;
    expect(first).toMatchObject({
      youtubeId: 'W5CQb7klLCs',
      title: 'How to Lie with Data | Cherry Picking Data',
      durationS: 252,
      publishedAt: new Date('2025-04-15T12:00:53Z'),
      stats: { views: 1923, likes: 103, comments: 7 },
    });
    expect(first?.tags).toHaveLength(5);
    expect(first?.tags).toContain('Alex The Analyst');
  });
});

describe('parseVideoCsv: when the figures were read', () => {
  it('dates a time series’ latest figures at its last snapshot, and a plain row at import time (null)', () => {
    const text = [
      'video_id,title,published_at,duration_seconds,views,likes,comments,snapshot_at',
      'aaaaaaaaaa1,A,2026-03-01,25,100,5,1,2026-03-02T12:00:00Z',
      'aaaaaaaaaa1,A,2026-03-01,25,900,40,6,2026-03-04T12:00:00Z',
      'aaaaaaaaaa2,B,2026-03-01,25,50,1,0,',
    ].join('\n');
    const [series, plain] = parseVideoCsv(text).videos;
    expect(series?.statsAt).toEqual(new Date('2026-03-04T12:00:00Z'));
    expect(plain?.statsAt).toBeNull();
  });
});
