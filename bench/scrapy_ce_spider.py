"""The Scrapy side of bench/compare-scrapy: the spider most teams would write for
the benchmark catalogue, doing what cecat's source does (start at the site root,
follow the listing and pagination links, extract the schema.org Course JSON-LD of
every page) and writing the items to a JSON feed.

Written to be fair, i.e. as fast as idiomatic Scrapy gets: one parse callback, CSS
selectors compiled by parsel once per page, json.loads on the script text, links
followed with response.follow_all (Scrapy's own dupefilter removes repeats). The
settings that make it comparable (concurrency, politeness off, no cache, feed
file) are passed on the command line by bench/compare-scrapy, so that every one
of them is visible in the run's log.

    python3 -m scrapy runspider bench/scrapy_ce_spider.py -a start_url=URL \
        -a stats_file=FILE -s CONCURRENT_REQUESTS=16 ... -O items.json
"""

import json

import scrapy


def _courses(data):
    """The Course objects of one JSON-LD block (an object, an array or an @graph)."""
    stack = data if isinstance(data, list) else [data]
    for obj in stack:
        if not isinstance(obj, dict):
            continue
        if isinstance(obj.get("@graph"), list):
            yield from _courses(obj["@graph"])
        kind = obj.get("@type")
        if kind == "Course" or (isinstance(kind, list) and "Course" in kind):
            yield obj


class CourseSpider(scrapy.Spider):
    name = "ce_bench"

    def __init__(self, start_url=None, stats_file=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not start_url:
            raise ValueError("pass -a start_url=URL")
        self.start_urls = [start_url]
        self.stats_file = stats_file

    def parse(self, response):
        for text in response.css('script[type="application/ld+json"]::text').getall():
            try:
                data = json.loads(text)
            except ValueError:
                self.crawler.stats.inc_value("bench/jsonld_errors")
                continue
            for course in _courses(data):
                offers = course.get("offers") or {}
                if isinstance(offers, list):
                    offers = offers[0] if offers else {}
                provider = course.get("provider") or {}
                instance = course.get("hasCourseInstance") or {}
                if isinstance(instance, list):
                    instance = instance[0] if instance else {}
                yield {
                    "url": response.urljoin(course.get("url") or response.url),
                    "title": course.get("name"),
                    "description": course.get("description"),
                    "provider": provider.get("name") if isinstance(provider, dict) else provider,
                    "ce_hours": course.get("numberOfCredits"),
                    "credit_note": course.get("educationalCredentialAwarded"),
                    "price": offers.get("price"),
                    "currency": offers.get("priceCurrency"),
                    "format": instance.get("courseMode"),
                    "start_date": instance.get("startDate"),
                    "page_url": response.url,
                }
        yield from response.follow_all(css="a.course-link, nav.pagination a", callback=self.parse)

    def closed(self, reason):
        if not self.stats_file:
            return
        stats = {k: (v if isinstance(v, (int, float, str)) else str(v))
                 for k, v in self.crawler.stats.get_stats().items()}
        stats["finish_reason"] = reason
        with open(self.stats_file, "w") as out:
            json.dump(stats, out, indent=1, sort_keys=True)
