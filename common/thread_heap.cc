#include "common/thread_heap.h"

#include <cstdlib>
#include <vector>

namespace cecat {

void ReserveThreadHeap(std::size_t bytes) {
#ifdef __GLIBC__
  // Under refresh::TuneMalloc's mmap threshold (1 MiB), so they come from the heap.
  constexpr std::size_t kBlock = std::size_t{900} << 10;
  std::vector<void*> blocks;
  for (std::size_t held = 0; held < bytes; held += kBlock) {
    void* p = std::malloc(kBlock);
    if (p == nullptr) break;
    // Through a volatile pointer: an allocation nothing reads could be elided.
    static void* volatile sink;
    sink = p;
    blocks.push_back(p);
  }
  for (void* p : blocks) std::free(p);
#else
  (void)bytes;
#endif
}

}  // namespace cecat
