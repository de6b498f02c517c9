#include "crawler/detail/content_decoding.h"

#include <brotli/decode.h>
#include <dlfcn.h>

#include "common/ascii.h"

namespace cecat::crawler::detail {

namespace {

// libbrotlidec, loaded when the first crawl asks for it, like libcurl (curl_api.h):
// linked normally it would be mapped by every cecat process, most of which never
// fetch anything. libcurl itself depends on it on Debian, so it is there whenever
// libcurl is.
struct BrotliApi {
  decltype(&BrotliDecoderCreateInstance) create = nullptr;
  decltype(&BrotliDecoderDecompressStream) decompress = nullptr;
  decltype(&BrotliDecoderDestroyInstance) destroy = nullptr;
};

const BrotliApi* LoadBrotli() {
  static const BrotliApi* const api = []() -> const BrotliApi* {
    // Never closed: decoders may live as long as the process.
    void* lib = dlopen("libbrotlidec.so.1", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) return nullptr;
    static BrotliApi a;
    a.create = reinterpret_cast<decltype(a.create)>(dlsym(lib, "BrotliDecoderCreateInstance"));
    a.decompress =
        reinterpret_cast<decltype(a.decompress)>(dlsym(lib, "BrotliDecoderDecompressStream"));
    a.destroy = reinterpret_cast<decltype(a.destroy)>(dlsym(lib, "BrotliDecoderDestroyInstance"));
    if (a.create == nullptr || a.decompress == nullptr || a.destroy == nullptr) return nullptr;
    return &a;
  }();
  return api;
}

// Decoded bytes are handed on in chunks of this size.
constexpr size_t kChunk = 16 * 1024;

}  // namespace

class BodyDecoder::Stage {
 public:
  virtual ~Stage() = default;
  // Decodes `in` into `next`; false on a corrupt stream (`error` says why) or when
  // `next` said stop.
  virtual bool Feed(std::string_view in, const Sink& next, std::string& error) = 0;
  virtual bool Storable() const { return false; }
};

namespace {

// gzip (RFC 1952) or deflate (RFC 9110: a zlib stream, RFC 1950; some servers send
// raw deflate, RFC 1951, which libcurl accepts too, and so does this).
class ZlibStage final : public BodyDecoder::Stage {
 public:
  explicit ZlibStage(bool gzip) : gzip_(gzip) { Init(gzip ? 16 + MAX_WBITS : MAX_WBITS); }
  ~ZlibStage() override {
    if (initialised_) inflateEnd(&z_);
  }

  bool Feed(std::string_view in, const BodyDecoder::Sink& next, std::string& error) override {
    if (!initialised_) {
      error = "out of memory for zlib";
      return false;
    }
    const auto* data = reinterpret_cast<const Bytef*>(in.data());
    size_t left = in.size();
    while (left > 0) {
      if (ended_) {
        // After the stream's end: another gzip member (RFC 1952 2.2 allows them)
        // is decoded; anything else is ignored, as libcurl ignores it.
        trailing_ = true;
        if (!gzip_ || data[0] != 0x1f) return true;
        inflateReset(&z_);
        ended_ = false;
      }
      Bytef out[kChunk];
      z_.next_in = const_cast<Bytef*>(data);
      z_.avail_in = static_cast<uInt>(std::min<size_t>(left, 1u << 30));
      z_.next_out = out;
      z_.avail_out = sizeof out;
      uInt before = z_.avail_in;
      uLong prior = z_.total_in;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_DATA_ERROR && !gzip_ && !raw_ && prior == 0) {
        // "deflate" that is raw deflate, not zlib: start again without the header.
        inflateEnd(&z_);
        initialised_ = false;
        Init(-MAX_WBITS);
        raw_ = true;
        if (!initialised_) {
          error = "out of memory for zlib";
          return false;
        }
        continue;  // the same input, from its first byte
      }
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        error = std::string(gzip_ ? "gzip" : "deflate") + " body is corrupt (" +
                (z_.msg != nullptr ? z_.msg : "zlib error " + std::to_string(rc)) + ")";
        return false;
      }
      size_t used = before - z_.avail_in;
      size_t made = sizeof out - z_.avail_out;
      data += used;
      left -= used;
      if (made > 0 && !next(std::string_view(reinterpret_cast<const char*>(out), made)))
        return false;
      if (rc == Z_STREAM_END) {
        ended_ = true;
        ++members_;
      } else if (used == 0 && made == 0) {
        // No progress with input left: zlib wants nothing more from this input.
        error = std::string(gzip_ ? "gzip" : "deflate") + " body is corrupt";
        return false;
      }
    }
    return true;
  }

  // The whole body was one zlib or gzip stream: zlib's inflate with automatic
  // header detection (index::ReadResponse) reads it back to the same bytes.
  bool Storable() const override { return ended_ && members_ == 1 && !trailing_ && !raw_; }

 private:
  void Init(int window_bits) {
    z_ = z_stream{};
    initialised_ = inflateInit2(&z_, window_bits) == Z_OK;
  }

  z_stream z_{};
  bool gzip_;
  bool initialised_ = false;
  bool raw_ = false;
  bool ended_ = false;
  bool trailing_ = false;
  int members_ = 0;
};

class BrotliStage final : public BodyDecoder::Stage {
 public:
  explicit BrotliStage(const BrotliApi& api)
      : api_(api), state_(api.create(nullptr, nullptr, nullptr)) {}
  ~BrotliStage() override {
    if (state_ != nullptr) api_.destroy(state_);
  }

  bool Feed(std::string_view in, const BodyDecoder::Sink& next, std::string& error) override {
    if (state_ == nullptr) {
      error = "out of memory for brotli";
      return false;
    }
    const auto* data = reinterpret_cast<const uint8_t*>(in.data());
    size_t left = in.size();
    for (;;) {
      uint8_t out[kChunk];
      uint8_t* out_next = out;
      size_t out_left = sizeof out;
      BrotliDecoderResult rc = api_.decompress(state_, &left, &data, &out_left, &out_next, nullptr);
      size_t made = sizeof out - out_left;
      if (made > 0 && !next(std::string_view(reinterpret_cast<const char*>(out), made)))
        return false;
      if (rc == BROTLI_DECODER_RESULT_ERROR) {
        error = "br body is corrupt";
        return false;
      }
      if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) continue;
      // Needs more input, or done (bytes after the end are ignored).
      return true;
    }
  }

 private:
  const BrotliApi& api_;
  BrotliDecoderState* state_;
};

}  // namespace

const char* AcceptEncoding() {
  return LoadBrotli() != nullptr ? "gzip, deflate, br" : "gzip, deflate";
}

BodyDecoder::BodyDecoder(std::string_view content_encoding) {
  std::vector<std::string> codings;
  size_t start = 0;
  while (start <= content_encoding.size()) {
    size_t comma = content_encoding.find(',', start);
    if (comma == std::string_view::npos) comma = content_encoding.size();
    std::string coding = Lower(Trim(content_encoding.substr(start, comma - start)));
    // "none" is no coding of RFC 9110, but servers send it and libcurl takes it.
    if (!coding.empty() && coding != "identity" && coding != "none")
      codings.push_back(std::move(coding));
    start = comma + 1;
  }
  // Applied in the order listed (RFC 9110 8.4), so decoded from the last.
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    const std::string& c = *it;
    if (c == "gzip" || c == "x-gzip") {
      stages_.push_back(std::make_unique<ZlibStage>(true));
    } else if (c == "deflate") {
      stages_.push_back(std::make_unique<ZlibStage>(false));
    } else if (c == "br" && LoadBrotli() != nullptr) {
      stages_.push_back(std::make_unique<BrotliStage>(*LoadBrotli()));
    } else {
      error_ = "unsupported Content-Encoding \"" + c + "\"";
      stages_.clear();
      return;
    }
  }
}

BodyDecoder::~BodyDecoder() = default;

bool BodyDecoder::Feed(std::string_view in, const Sink& sink) {
  if (!ok()) return false;
  // Stage i hands its output to stage i + 1; the last one to the sink.
  std::function<bool(size_t, std::string_view)> feed = [&](size_t i, std::string_view bytes) {
    if (i == stages_.size()) return sink(bytes);
    return stages_[i]->Feed(
        bytes, [&](std::string_view out) { return feed(i + 1, out); }, error_);
  };
  return feed(0, in);
}

bool BodyDecoder::StorableAsReceived() const {
  return ok() && stages_.size() == 1 && stages_[0]->Storable();
}

}  // namespace cecat::crawler::detail
