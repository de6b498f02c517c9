// A course as a learning plan needs it (`cecat plan`, docs/plan.md): the index
// reads it (index.h Index::ActiveCourses) and the planner plans with it
// (plan/planner.h), one struct so 100,000 of them are never copied from one form
// into another.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cecat {

struct CourseSummary {
  std::string id, title, url;
  std::string provider;                // the provider's name; the index fills it only on request
  std::optional<double> hours, price;  // ce_hours, price.amount
  bool free = false;                   // price.free
  std::string currency;                // price.currency; "" when not stated (taken as USD)
  std::string format;                  // on_demand|live_online|in_person|hybrid, or ""
  std::string start_date, end_date;    // as written (a day or a date-time), or ""
  std::vector<std::string> approvals;  // bodies, upper case (APA, NY-SW, ...)
  std::vector<std::string> audiences, topics;
};

}  // namespace cecat
