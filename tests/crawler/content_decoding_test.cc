// BodyDecoder in process: every coding the crawler advertises, lists of codings,
// streams fed a byte at a time, corrupt and unknown codings, and when what arrived
// may be stored as it is.
#include <catch2/catch.hpp>

#include <string>

#include "crawler/detail/content_decoding.h"
#include "tests/crawler/crawler_test_util.h"
#include "tests/support/test_support.h"

namespace cecat::crawler::detail {
namespace {

using testing::Deflated;
using testing::kRawDeflateBits;
using testing::kZlibBits;
using testutil::Brotli;

struct Decoded {
  bool fed = false;
  std::string body;
  bool storable = false;
  std::string error;
};

// Feeds `in` in pieces of `piece` bytes (0: at once).
Decoded DecodeAll(const std::string& coding, const std::string& in, size_t piece = 0) {
  BodyDecoder d(coding);
  Decoded out;
  out.fed = d.ok();
  auto sink = [&](std::string_view bytes) {
    out.body.append(bytes);
    return true;
  };
  if (piece == 0) piece = in.size() + 1;
  for (size_t i = 0; out.fed && i < in.size(); i += piece)
    out.fed = d.Feed(std::string_view(in).substr(i, piece), sink);
  out.storable = d.StorableAsReceived();
  out.error = d.error();
  return out;
}

std::string Page() {
  std::string page = "<!doctype html><title>Course</title>";
  for (int i = 0; i < 2000; ++i) page += "<li>lesson " + std::to_string(i) + "</li>";
  return page;
}

TEST_CASE("BodyDecoder decodes gzip, deflate (zlib and raw), br and identity") {
  const std::string page = Page();
  for (size_t piece : {size_t{0}, size_t{1}, size_t{7}, size_t{4096}}) {
    CAPTURE(piece);
    Decoded gzip = DecodeAll("gzip", Deflated(page), piece);
    CHECK(gzip.fed);
    CHECK(gzip.body == page);
    CHECK(gzip.storable);
    Decoded xgzip = DecodeAll(" X-GZIP ", Deflated(page), piece);
    CHECK(xgzip.body == page);
    Decoded zlib = DecodeAll("deflate", Deflated(page, kZlibBits), piece);
    CHECK(zlib.body == page);
    CHECK(zlib.storable);
    Decoded br = DecodeAll("br", Brotli(page), piece);
    CHECK(br.fed);
    CHECK(br.body == page);
    CHECK_FALSE(br.storable);  // the index reads zlib and gzip only
    Decoded none = DecodeAll("identity", page, piece);
    CHECK(none.body == page);
    CHECK_FALSE(none.storable);
  }
  // Raw deflate is told apart by its first bytes, so it is fed at once here.
  Decoded raw = DecodeAll("deflate", Deflated(page, kRawDeflateBits));
  CHECK(raw.fed);
  CHECK(raw.body == page);
  CHECK_FALSE(raw.storable);
  CHECK(DecodeAll("", page).body == page);
  CHECK(DecodeAll("None", page).body == page);  // not RFC 9110's, but sent, and libcurl took it
}

TEST_CASE("BodyDecoder decodes a list of codings from the last, and stores only one stream") {
  const std::string page = Page();
  Decoded two = DecodeAll("gzip, br", Brotli(Deflated(page)), 100);
  CHECK(two.fed);
  CHECK(two.body == page);
  CHECK_FALSE(two.storable);
  Decoded with_identity = DecodeAll("identity, gzip", Deflated(page));
  CHECK(with_identity.body == page);
  CHECK(with_identity.storable);
}

TEST_CASE("BodyDecoder: gzip members after the first are decoded, and then not stored") {
  Decoded members = DecodeAll("gzip", Deflated("<p>one</p>") + Deflated("<p>two</p>"));
  CHECK(members.body == "<p>one</p><p>two</p>");
  CHECK_FALSE(members.storable);
  // Bytes after the stream that are no gzip member are ignored, as libcurl does.
  Decoded trailing = DecodeAll("gzip", Deflated("<p>one</p>") + "garbage");
  CHECK(trailing.fed);
  CHECK(trailing.body == "<p>one</p>");
  CHECK_FALSE(trailing.storable);
  // A stream cut short decodes what came, and is not stored.
  std::string gz = Deflated(Page());
  Decoded cut = DecodeAll("gzip", gz.substr(0, gz.size() / 2));
  CHECK(cut.fed);
  CHECK_FALSE(cut.body.empty());
  CHECK(Page().rfind(cut.body, 0) == 0);
  CHECK_FALSE(cut.storable);
}

TEST_CASE("BodyDecoder names an unknown coding and a corrupt stream") {
  Decoded zstd = DecodeAll("zstd", "\x28\xb5\x2f\xfd");
  CHECK_FALSE(zstd.fed);
  CHECK(zstd.error == "unsupported Content-Encoding \"zstd\"");
  Decoded listed = DecodeAll("gzip, compress", "x");
  CHECK(listed.error == "unsupported Content-Encoding \"compress\"");
  Decoded bad = DecodeAll("gzip", std::string("\x1f\x8b\x08\0\0\0\0\0\0\x03\xff\xff", 12));
  CHECK_FALSE(bad.fed);
  CHECK(bad.error.rfind("gzip body is corrupt", 0) == 0);
  Decoded bad_br = DecodeAll("br", std::string(64, '\xff'));
  CHECK_FALSE(bad_br.fed);
  CHECK(bad_br.error == "br body is corrupt");
}

TEST_CASE("BodyDecoder stops when its sink says stop (the size cap)") {
  std::string zeros(4 * 1024 * 1024, '\0');
  for (const auto& [coding, data] :
       {std::pair<std::string, std::string>{"gzip", Deflated(zeros)}, {"br", Brotli(zeros)}}) {
    CAPTURE(coding);
    BodyDecoder d(coding);
    size_t got = 0;
    bool fed = d.Feed(data, [&](std::string_view bytes) {
      got += bytes.size();
      return got < 100000;
    });
    CHECK_FALSE(fed);
    CHECK(d.error().empty());  // stopped, not corrupt
    CHECK(got < 200000);       // no more output after the stop
  }
}

TEST_CASE("the crawler advertises the codings it decodes") {
  std::string accept = AcceptEncoding();
  CHECK(accept.find("gzip") != std::string::npos);
  CHECK(accept.find("deflate") != std::string::npos);
  CHECK(accept.find("zstd") == std::string::npos);
}

}  // namespace
}  // namespace cecat::crawler::detail
