// Counting what a C library allocates for one parser: expat (through
// XML_ParserCreate_MM) and zlib (zalloc/zfree) get allocation functions that
// charge a MemoryAccount and refuse to pass its limit, so a sitemap parser can say
// how much it holds (and tests can check that it stays flat) and a hostile file
// cannot make it hold more than the limit.
#pragma once

#include <expat.h>
#include <zlib.h>

#include <algorithm>
#include <cstddef>

namespace cecat::crawler::detail {

// What one parser has allocated through the functions below (`current`), plus
// what its owner reports of its own buffers (`own`), and the most of the two
// together ever seen. `limit` caps `current`.
struct MemoryAccount {
  explicit MemoryAccount(size_t max_bytes) : limit(max_bytes) {}
  size_t current = 0;
  size_t own = 0;
  size_t peak = 0;
  size_t limit;
  bool refused = false;  // an allocation was refused for passing `limit`

  void Note() { peak = std::max(peak, current + own); }
  // False (and `refused`) when `bytes` more would pass the limit.
  bool Take(size_t bytes);
  void Give(size_t bytes) { current -= std::min(current, bytes); }
};

// expat's memory functions take no context, so the account to charge is set on
// the calling thread for the duration of each call into expat. Nests.
class AccountScope {
 public:
  explicit AccountScope(MemoryAccount* account);
  ~AccountScope();
  AccountScope(const AccountScope&) = delete;
  AccountScope& operator=(const AccountScope&) = delete;

 private:
  MemoryAccount* saved_;
};

// For XML_ParserCreate_MM: every call that may allocate or free (creating,
// parsing, freeing the parser) must run inside an AccountScope of its account.
extern const XML_Memory_Handling_Suite kCountedExpatMemory;

// For z_stream's zalloc/zfree, with `opaque` pointing at the MemoryAccount.
voidpf CountedZlibAlloc(voidpf opaque, uInt items, uInt size);
void CountedZlibFree(voidpf opaque, voidpf block);

}  // namespace cecat::crawler::detail
