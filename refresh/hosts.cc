#include "refresh/hosts.h"

#include <map>
#include <string>

#include "common/url.h"

namespace cecat::refresh {

std::vector<std::vector<const config::SourceConfig*>> GroupByHost(
    const std::vector<const config::SourceConfig*>& sources) {
  // Union-find over the sources, joined by every host key two of them share.
  std::vector<size_t> parent(sources.size());
  for (size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  auto find = [&](size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  std::map<std::string, size_t> owner;
  for (size_t i = 0; i < sources.size(); ++i) {
    std::vector<std::string> urls = sources[i]->start_urls;
    for (const std::string& s : sources[i]->sitemaps) {
      if (s != "robots") urls.push_back(s);
    }
    for (const std::string& raw : urls) {
      Result<Url> url = ParseUrl(raw);
      // Local files have no server to be polite to.
      if (!url.ok() || url->scheme == "file" || raw.rfind("file:", 0) == 0) continue;
      auto [it, inserted] = owner.emplace(url->Origin(), i);
      if (!inserted) parent[find(i)] = find(it->second);
    }
  }
  std::vector<std::vector<const config::SourceConfig*>> groups;
  std::map<size_t, size_t> group_of_root;
  for (size_t i = 0; i < sources.size(); ++i) {
    auto [it, inserted] = group_of_root.emplace(find(i), groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(sources[i]);
  }
  return groups;
}

}  // namespace cecat::refresh
