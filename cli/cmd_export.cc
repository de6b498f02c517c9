#include <iostream>

#include "cli/context.h"
#include "cli/handlers.h"
#include "cli/lock.h"
#include "feed/feed.h"
#include "refresh/publish.h"

namespace cecat::cli {

int RunExport(Context& ctx) {
  std::optional<config::Config> config = ctx.LoadConfig();
  if (!config) return kExitUsage;
  std::filesystem::path db = ctx.DatabasePath(*config);
  if (ctx.args.Has("--since")) {
    std::string since_text = ctx.args.Get("--since");
    char* end = nullptr;
    long long since = std::strtoll(since_text.c_str(), &end, 10);
    if (since_text.empty() || *end != '\0' || since < 0) {
      *ctx.err << "cecat export: --since expects a cursor (an integer >= 0), got '" << since_text
               << "'\n";
      return kExitUsage;
    }
    auto idx = OpenIndexOrReport(ctx, db, true);
    if (!idx) return kExitFatal;
    Status st = feed::WriteChanges(*ctx.out, [&](const std::function<Status(const Json&)>& emit) {
      return idx->ForEachChange(since, emit);
    });
    if (!st.ok()) {
      *ctx.err << "cecat export: " << st.message() << "\n";
      return kExitFatal;
    }
    return kExitOk;
  }
  std::filesystem::path feed_dir = ctx.args.Has("--feed-dir")
                                       ? std::filesystem::path(ctx.args.Get("--feed-dir"))
                                       : config->feed_dir;
  auto idx = OpenIndexOrReport(ctx, db, true);
  if (!idx) return kExitFatal;
  Status st = refresh::WriteFeedSnapshot(*idx, config->sources, feed_dir,
                                         ResourceDir() / "schema" / "feed.schema.json",
                                         ctx.args.Has("--gzip"));
  if (!st.ok()) {
    *ctx.err << "cecat export: feed not written (the previous feed is untouched): " << st.message()
             << "\n";
    return kExitFatal;
  }
  *ctx.out << "feed: " << (feed_dir / "feed.json").string() << "\n";
  return kExitOk;
}

}  // namespace cecat::cli
