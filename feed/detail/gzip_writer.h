// gzip output (RFC 1952) streamed through zlib into a FileWriter. Private to the
// feed module.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include <zlib.h>

#include "common/result.h"
#include "feed/detail/file_writer.h"

namespace cecat::feed::detail {

struct DeflateEnd {
  void operator()(z_stream* stream) const {
    deflateEnd(stream);
    std::default_delete<z_stream>()(stream);
  }
};
using DeflateStream = std::unique_ptr<z_stream, DeflateEnd>;

// Compresses everything appended into `out`. The gzip header carries no file name
// and no modification time, so the same input always gives the same bytes.
class GzipWriter {
 public:
  // zlib's level 1..9; 6 is zlib's default. The feed uses a fast level: the file is
  // re-downloaded nightly, so seconds matter more than the last percent of size.
  static Result<GzipWriter> Create(FileWriter out, int level);

  Status Append(std::string_view data);
  // Writes the gzip trailer; call before out().CommitAs().
  Status Finish();
  FileWriter& out() { return out_; }

 private:
  GzipWriter(DeflateStream stream, FileWriter out);
  Status Deflate(int flush);

  DeflateStream stream_;
  FileWriter out_;
  std::vector<unsigned char> chunk_;
};

}  // namespace cecat::feed::detail
