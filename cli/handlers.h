// The handler of each subcommand; the table in commands.cc ties them to names.
#pragma once

#include "cli/context.h"

namespace cecat::cli {

int RunRefresh(Context& ctx);  // cmd_pipeline.cc
int RunCrawl(Context& ctx);    // cmd_pipeline.cc
int RunReparse(Context& ctx);  // cmd_pipeline.cc
int RunExport(Context& ctx);   // cmd_export.cc
int RunSearch(Context& ctx);   // cmd_search.cc
int RunShow(Context& ctx);     // cmd_search.cc
int RunSources(Context& ctx);  // cmd_sources.cc
int RunRuns(Context& ctx);     // cmd_sources.cc
int RunHealth(Context& ctx);   // cmd_health.cc
int RunExtract(Context& ctx);  // cmd_extract.cc
int RunRobots(Context& ctx);   // cmd_extract.cc
int RunSelect(Context& ctx);   // cmd_select.cc
int RunReport(Context& ctx);   // cmd_report.cc
int RunCurate(Context& ctx);   // cmd_curate.cc
int RunPlan(Context& ctx);     // cmd_plan.cc

}  // namespace cecat::cli
