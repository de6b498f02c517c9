// Growing a thread's malloc heap in one step before it fills it.
#pragma once

#include <cstddef>

namespace cecat {

// glibc grows a thread's heap (a non-main arena) one page at a time, an mprotect
// call each, however large its padding (M_TOP_PAD pads only a new heap): a thread
// that builds a few megabytes of small objects makes hundreds of calls. This
// allocates `bytes` in blocks under the mmap threshold and frees them, so the
// heap is grown once and its top stays free for what follows (below
// M_TRIM_THRESHOLD, refresh::TuneMalloc, it is not trimmed). Nothing is written:
// the pages become resident only when used. Issue 25: 1,000 of an unchanged
// re-crawl's 1,200 mprotect calls. A no-op off glibc.
void ReserveThreadHeap(std::size_t bytes);

}  // namespace cecat
