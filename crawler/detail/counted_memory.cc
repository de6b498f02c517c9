#include "crawler/detail/counted_memory.h"

#include <cstdlib>

namespace cecat::crawler::detail {

namespace {

thread_local MemoryAccount* t_account = nullptr;

// Each block carries its size in front, aligned as malloc's blocks are, so frees
// and reallocs can be counted. An allocator shim for C libraries, hence malloc.
constexpr size_t kBlockHeader = alignof(std::max_align_t);

void* CountedMalloc(size_t size) {
  MemoryAccount* account = t_account;
  if (account != nullptr && !account->Take(size)) return nullptr;
  void* raw = std::malloc(size + kBlockHeader);
  if (raw == nullptr) {
    if (account != nullptr) account->Give(size);
    return nullptr;
  }
  *static_cast<size_t*>(raw) = size;
  return static_cast<char*>(raw) + kBlockHeader;
}

void CountedFree(void* block) {
  if (block == nullptr) return;
  char* raw = static_cast<char*>(block) - kBlockHeader;
  if (t_account != nullptr) t_account->Give(*reinterpret_cast<size_t*>(raw));
  std::free(raw);
}

void* CountedRealloc(void* block, size_t size) {
  if (block == nullptr) return CountedMalloc(size);
  char* raw = static_cast<char*>(block) - kBlockHeader;
  size_t old = *reinterpret_cast<size_t*>(raw);
  MemoryAccount* account = t_account;
  if (account != nullptr && size > old && !account->Take(size - old)) return nullptr;
  void* grown = std::realloc(raw, size + kBlockHeader);
  if (grown == nullptr) {
    if (account != nullptr && size > old) account->Give(size - old);
    return nullptr;
  }
  if (account != nullptr && size < old) account->Give(old - size);
  *static_cast<size_t*>(grown) = size;
  return static_cast<char*>(grown) + kBlockHeader;
}

}  // namespace

bool MemoryAccount::Take(size_t bytes) {
  if (current + bytes > limit) {
    refused = true;
    return false;
  }
  current += bytes;
  Note();
  return true;
}

AccountScope::AccountScope(MemoryAccount* account) : saved_(t_account) { t_account = account; }
AccountScope::~AccountScope() { t_account = saved_; }

const XML_Memory_Handling_Suite kCountedExpatMemory = {CountedMalloc, CountedRealloc, CountedFree};

voidpf CountedZlibAlloc(voidpf opaque, uInt items, uInt size) {
  AccountScope scope(static_cast<MemoryAccount*>(opaque));
  return CountedMalloc(static_cast<size_t>(items) * size);
}

void CountedZlibFree(voidpf opaque, voidpf block) {
  AccountScope scope(static_cast<MemoryAccount*>(opaque));
  CountedFree(block);
}

}  // namespace cecat::crawler::detail
