// The Crawlee side of bench/compare-scrapy (issue 25): the crawler most Node.js
// teams would write for the benchmark catalogue with Crawlee 3's CheerioCrawler,
// doing what cecat's source and bench/scrapy_ce_spider.py do: start at the site
// root, follow "a.course-link, nav.pagination a", extract the schema.org Course
// JSON-LD of every page, and write the items to one JSON file.
//
//   node bench/crawlee/crawl.mjs START_URL CONCURRENCY OUT_DIR
//
// Fair to Crawlee, i.e. as fast as idiomatic Crawlee gets: concurrency pinned at
// CONCURRENCY (minConcurrency = maxConcurrency, so the autoscaled pool does not
// start at 1 and ramp up, nor back off when the busy machine looks loaded),
// retries as the others (2), storage in memory (persistStorage off, as Scrapy's
// in-memory scheduler; no request files written per URL), items streamed to
// OUT_DIR/items.json, statistics to OUT_DIR/stats.json. compare-scrapy sets
// CRAWLEE_STORAGE_DIR under OUT_DIR, so nothing is written elsewhere. Crawlee 3
// sends no telemetry; the only connections are to START_URL's host (127.0.0.1).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

import { CheerioCrawler, Configuration, log, LogLevel } from '@crawlee/cheerio';

const [startUrl, concurrencyArg, outDir] = process.argv.slice(2);
if (!startUrl || !concurrencyArg || !outDir) {
  console.error('usage: node crawl.mjs START_URL CONCURRENCY OUT_DIR');
  process.exit(2);
}
const concurrency = Number(concurrencyArg);
log.setLevel(LogLevel.INFO);

// The Course objects of one JSON-LD block (an object, an array or an @graph).
function* courses(data) {
  for (const obj of Array.isArray(data) ? data : [data]) {
    if (!obj || typeof obj !== 'object') continue;
    if (Array.isArray(obj['@graph'])) yield* courses(obj['@graph']);
    const kind = obj['@type'];
    if (kind === 'Course' || (Array.isArray(kind) && kind.includes('Course'))) yield obj;
  }
}

const first = (v) => (Array.isArray(v) ? v[0] ?? {} : v ?? {});

const items = createWriteStream(path.join(outDir, 'items.json'));
let itemCount = 0;
let jsonldErrors = 0;
items.write('[');
function writeItem(item) {
  // Backpressure is ignored on purpose: items are small and the file is local.
  items.write((itemCount++ ? ',\n' : '\n') + JSON.stringify(item));
}

const config = new Configuration({
  persistStorage: false,
  purgeOnStart: true,
  storageClientOptions: { localDataDirectory: process.env.CRAWLEE_STORAGE_DIR },
});

const crawler = new CheerioCrawler(
  {
    minConcurrency: concurrency,
    maxConcurrency: concurrency,
    maxRequestRetries: 2,
    navigationTimeoutSecs: 30,
    requestHandlerTimeoutSecs: 30,
    maxRequestsPerCrawl: 1_000_000,
    async requestHandler({ $, request, enqueueLinks }) {
      $('script[type="application/ld+json"]').each((_, el) => {
        let data;
        try {
          data = JSON.parse($(el).text());
        } catch {
          jsonldErrors++;
          return;
        }
        for (const course of courses(data)) {
          const offers = first(course.offers);
          const provider = course.provider ?? {};
          const instance = first(course.hasCourseInstance);
          writeItem({
            url: new URL(course.url || request.loadedUrl || request.url, request.loadedUrl || request.url).href,
            title: course.name,
            description: course.description,
            provider: typeof provider === 'object' ? provider.name : provider,
            ce_hours: course.numberOfCredits,
            credit_note: course.educationalCredentialAwarded,
            price: offers.price,
            currency: offers.priceCurrency,
            format: instance.courseMode,
            start_date: instance.startDate,
            page_url: request.loadedUrl || request.url,
          });
        }
      });
      await enqueueLinks({ selector: 'a.course-link, nav.pagination a' });
    },
  },
  config,
);

const stats = await crawler.run([startUrl]);
items.end('\n]\n');
await once(items, 'finish');
const { writeFile } = await import('node:fs/promises');
await writeFile(
  path.join(outDir, 'stats.json'),
  JSON.stringify({ ...stats, items: itemCount, jsonld_errors: jsonldErrors }, null, 1),
);
