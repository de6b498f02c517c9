// Which sources may be crawled at the same time: those sharing a host may not, so
// per-host politeness holds across sources too.
#pragma once

#include <vector>

#include "config/config.h"

namespace cecat::refresh {

// Groups of sources that share a host (start URLs, sitemaps), in config order:
// each group is crawled by one thread, one source after another. Local file:
// sources share no server and are never grouped by it.
std::vector<std::vector<const config::SourceConfig*>> GroupByHost(
    const std::vector<const config::SourceConfig*>& sources);

}  // namespace cecat::refresh
