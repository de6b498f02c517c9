// Content-Encoding decoding done by the crawler instead of libcurl, so that a body
// the server compressed with gzip (or zlib's deflate) can be kept as it arrived: the
// index stores it without compressing it again (issue 25: recompressing cost 0.4 ms
// of the 5 ms a 40 KB page costs). The crawler still sees, and caps, the decoded
// bytes, as it did when libcurl decoded them.
#pragma once

#include <zlib.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cecat::crawler::detail {

// The Accept-Encoding value to send: every coding BodyDecoder decodes ("br" only
// where libbrotlidec could be loaded).
const char* AcceptEncoding();

// Decodes one response body, coding by coding, as it arrives.
class BodyDecoder {
 public:
  // Receives each decoded chunk; returning false stops the decoding.
  using Sink = std::function<bool(std::string_view)>;

  // `content_encoding` is the header's value (empty, "identity" or "none": no
  // coding). A list ("gzip, br") is decoded from its last coding to its first. On
  // a coding it does not know, ok() is false and error() names it.
  explicit BodyDecoder(std::string_view content_encoding);
  ~BodyDecoder();
  BodyDecoder(const BodyDecoder&) = delete;
  BodyDecoder& operator=(const BodyDecoder&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Decodes `in` into `sink`. False when the stream is corrupt (error() says so)
  // or the sink said stop.
  bool Feed(std::string_view in, const Sink& sink);

  // True when the body is a single gzip or zlib stream that ended exactly where
  // the body did: what arrived then decodes, with zlib's inflate, to exactly the
  // decoded bytes. Meaningful once the transfer has finished.
  bool StorableAsReceived() const;

  class Stage;

 private:
  std::vector<std::unique_ptr<Stage>> stages_;  // in decoding order
  std::string error_;
};

}  // namespace cecat::crawler::detail
