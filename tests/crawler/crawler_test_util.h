// Helpers shared by the crawler's tests: a handler that records what it is given
// and follows every href on the page, and a spec for a loopback server.
#pragma once

#include <brotli/encode.h>
#include <httplib.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/url.h"
#include "crawler/crawler.h"

namespace cecat::crawler::testutil {

// `raw` compressed with brotli (libcurl and cecat only decode it).
inline std::string Brotli(const std::string& raw) {
  std::string out(BrotliEncoderMaxCompressedSize(raw.size()), '\0');
  size_t size = out.size();
  if (BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                            raw.size(), reinterpret_cast<const uint8_t*>(raw.data()), &size,
                            reinterpret_cast<uint8_t*>(out.data())) != BROTLI_TRUE) {
    throw std::runtime_error("BrotliEncoderCompress failed");
  }
  out.resize(size);
  return out;
}

// Every href="..." of the page, resolved against its final URL.
inline std::vector<std::string> Hrefs(const FetchedPage& page) {
  std::vector<std::string> links;
  static const std::regex kHref("href=\"([^\"]*)\"");
  for (std::sregex_iterator it(page.body.begin(), page.body.end(), kHref), end; it != end; ++it) {
    Result<std::string> url = ResolveUrlString(page.final_url, (*it)[1].str());
    if (url.ok()) links.push_back(*url);
  }
  return links;
}

class RecordingHandler : public PageHandler {
 public:
  std::vector<std::string> OnPage(const FetchedPage& page) override {
    pages.push_back(page);
    return Hrefs(page);
  }
  void OnFailure(const FetchFailure& failure) override { failures.push_back(failure); }
  void OnDiagnostic(const Diagnostic& d) override { diagnostics.push_back(d); }

  const FetchedPage* Page(const std::string& url) const {
    for (const auto& p : pages) {
      if (p.url == url) return &p;
    }
    return nullptr;
  }
  std::vector<Diagnostic> diagnostics;

  const FetchFailure* Failure(const std::string& url) const {
    for (const auto& f : failures) {
      if (f.url == url) return &f;
    }
    return nullptr;
  }

  std::vector<FetchedPage> pages;
  std::vector<FetchFailure> failures;
};

// A fast, impolite spec for tests against 127.0.0.1.
inline CrawlSpec LoopbackSpec(const std::string& start_url) {
  CrawlSpec spec;
  spec.source_id = "test";
  spec.user_agent = "cecat-test/1.0";
  spec.start_urls = {start_url};
  spec.delay_ms = 0;
  spec.concurrency_per_host = 4;
  spec.timeout_s = 5;
  spec.retries = 0;
  spec.retry_base_ms = 10;
  spec.respect_robots = false;
  spec.allow_addresses = {"127.0.0.0/8"};
  return spec;
}

inline const ValidatorLookup kNoValidators = [](const std::string&) {
  return std::optional<Validators>();
};

// A body of `size` bytes, `head`, then `fill` repeated, then `tail`, made as it is
// sent (64 KiB at a time), so a test can serve 100 MB without holding it. With
// `declare_length` the response has a Content-Length, else it is chunked.
inline void ServeGenerated(httplib::Response& res, const std::string& content_type,
                           std::string head, char fill, std::string tail, size_t size,
                           bool declare_length = true) {
  auto write = [head, fill, tail, size](size_t offset, httplib::DataSink& sink) {
    size_t end = std::min(size, offset + 64 * 1024);
    size_t tail_at = size - tail.size();
    std::string piece;
    piece.reserve(end - offset);
    for (size_t at = offset; at < end;) {
      if (at < head.size()) {
        size_t n = std::min(end, head.size()) - at;
        piece.append(head, at, n);
        at += n;
      } else if (at < tail_at) {
        size_t n = std::min(end, tail_at) - at;
        piece.append(n, fill);
        at += n;
      } else {
        size_t n = end - at;
        piece.append(tail, at - tail_at, n);
        at += n;
      }
    }
    return sink.write(piece.data(), piece.size());
  };
  if (declare_length) {
    res.set_content_provider(
        size, content_type,
        [write](size_t offset, size_t, httplib::DataSink& sink) { return write(offset, sink); });
  } else {
    auto sent = std::make_shared<size_t>(0);
    res.set_chunked_content_provider(content_type,
                                     [write, sent, size](size_t, httplib::DataSink& sink) {
                                       if (*sent >= size) {
                                         sink.done();
                                         return true;
                                       }
                                       size_t before = *sent;
                                       *sent = std::min(size, before + 64 * 1024);
                                       return write(before, sink);
                                     });
  }
}

}  // namespace cecat::crawler::testutil
