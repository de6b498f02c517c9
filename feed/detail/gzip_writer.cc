#include "feed/detail/gzip_writer.h"

#include <string>
#include <utility>

namespace cecat::feed::detail {
namespace {

constexpr size_t kChunkSize = 256 * 1024;
// windowBits 15 + 16 asks zlib for a gzip wrapper instead of a zlib one.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kMemLevel = 8;

}  // namespace

GzipWriter::GzipWriter(DeflateStream stream, FileWriter out)
    : stream_(std::move(stream)), out_(std::move(out)), chunk_(kChunkSize) {}

Result<GzipWriter> GzipWriter::Create(FileWriter out, int level) {
  // The z_stream is heap-allocated because zlib keeps a pointer back to it in its
  // internal state, so it must not move when the writer does.
  // deflateEnd on a stream whose init failed is a harmless no-op, so the deleter
  // owns it from the start.
  DeflateStream stream(std::make_unique<z_stream>().release());
  int rc =
      deflateInit2(stream.get(), level, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY);
  if (rc != Z_OK) return Status::Internal("zlib deflateInit2 failed: " + std::to_string(rc));
  return GzipWriter(std::move(stream), std::move(out));
}

Status GzipWriter::Deflate(int flush) {
  for (;;) {
    stream_->next_out = chunk_.data();
    stream_->avail_out = static_cast<uInt>(chunk_.size());
    int rc = deflate(stream_.get(), flush);
    if (rc == Z_STREAM_ERROR) return Status::Internal("zlib deflate failed");
    size_t produced = chunk_.size() - stream_->avail_out;
    if (produced > 0) {
      CECAT_RETURN_IF_ERROR(
          out_.Append(std::string_view(reinterpret_cast<const char*>(chunk_.data()), produced)));
    }
    if (flush == Z_FINISH) {
      if (rc == Z_STREAM_END) return Status::Ok();
    } else if (stream_->avail_in == 0 && stream_->avail_out != 0) {
      return Status::Ok();
    }
  }
}

Status GzipWriter::Append(std::string_view data) {
  // avail_in is a 32-bit count; feed very large pieces in slices.
  while (!data.empty()) {
    size_t n = std::min<size_t>(data.size(), 1u << 30);
    stream_->next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_->avail_in = static_cast<uInt>(n);
    CECAT_RETURN_IF_ERROR(Deflate(Z_NO_FLUSH));
    data.remove_prefix(n);
  }
  return Status::Ok();
}

Status GzipWriter::Finish() {
  stream_->next_in = nullptr;
  stream_->avail_in = 0;
  return Deflate(Z_FINISH);
}

}  // namespace cecat::feed::detail
