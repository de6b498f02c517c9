// BodyDecoder in process: every coding the crawler advertises, lists of codings,
// streams fed a byte at a time, corrupt and unknown codings, and when what arrived
// may be stored as it is.
#include <brotli/encode.h>
#include <zlib.h>

#include <catch2/catch.hpp>

#include <string>

#include "crawler/detail/content_decoding.h"

namespace cecat::crawler::detail {
namespace {

// window_bits: 31 gzip, 15 zlib, -15 raw deflate.
std::string DecDeflate(const std::string& data, int window_bits) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string DecBrotli(const std::string& raw) {
  std::string out(BrotliEncoderMaxCompressedSize(raw.size()), '\0');
  size_t size = out.size();
  REQUIRE(BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                                raw.size(), reinterpret_cast<const uint8_t*>(raw.data()), &size,
                                reinterpret_cast<uint8_t*>(out.data())) == BROTLI_TRUE);
  out.resize(size);
  return out;
}

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
    Decoded gzip = DecodeAll("gzip", DecDeflate(page, 31), piece);
    CHECK(gzip.fed);
    CHECK(gzip.body == page);
    CHECK(gzip.storable);
    Decoded xgzip = DecodeAll(" X-GZIP ", DecDeflate(page, 31), piece);
    CHECK(xgzip.body == page);
    Decoded zlib = DecodeAll("deflate", DecDeflate(page, 15), piece);
    CHECK(zlib.body == page);
    CHECK(zlib.storable);
    Decoded br = DecodeAll("br", DecBrotli(page), piece);
    CHECK(br.fed);
    CHECK(br.body == page);
    CHECK_FALSE(br.storable);  // the index reads zlib and gzip only
    Decoded none = DecodeAll("identity", page, piece);
    CHECK(none.body == page);
    CHECK_FALSE(none.storable);
  }
  // Raw deflate is told apart by its first bytes, so it is fed at once here.
  Decoded raw = DecodeAll("deflate", DecDeflate(page, -15));
  CHECK(raw.fed);
  CHECK(raw.body == page);
  CHECK_FALSE(raw.storable);
  CHECK(DecodeAll("", page).body == page);
  CHECK(DecodeAll("None", page).body == page);  // not RFC 9110's, but sent, and libcurl took it
}

TEST_CASE("BodyDecoder decodes a list of codings from the last, and stores only one stream") {
  const std::string page = Page();
  Decoded two = DecodeAll("gzip, br", DecBrotli(DecDeflate(page, 31)), 100);
  CHECK(two.fed);
  CHECK(two.body == page);
  CHECK_FALSE(two.storable);
  Decoded with_identity = DecodeAll("identity, gzip", DecDeflate(page, 31));
  CHECK(with_identity.body == page);
  CHECK(with_identity.storable);
}

TEST_CASE("BodyDecoder: gzip members after the first are decoded, and then not stored") {
  Decoded members = DecodeAll("gzip", DecDeflate("<p>one</p>", 31) + DecDeflate("<p>two</p>", 31));
  CHECK(members.body == "<p>one</p><p>two</p>");
  CHECK_FALSE(members.storable);
  // Bytes after the stream that are no gzip member are ignored, as libcurl does.
  Decoded trailing = DecodeAll("gzip", DecDeflate("<p>one</p>", 31) + "garbage");
  CHECK(trailing.fed);
  CHECK(trailing.body == "<p>one</p>");
  CHECK_FALSE(trailing.storable);
  // A stream cut short decodes what came, and is not stored.
  std::string gz = DecDeflate(Page(), 31);
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
       {std::pair<std::string, std::string>{"gzip", DecDeflate(zeros, 31)},
        {"br", DecBrotli(zeros)}}) {
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
