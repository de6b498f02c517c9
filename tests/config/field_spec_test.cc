// SplitFieldSpec: where "SELECTOR@attr" splits. It must agree with the parsers
// module's field check: both call common/extract_rule.h FieldAttributeSeparator.
#include <catch2/catch.hpp>

#include "config/config.h"

using cecat::config::FieldSpec;
using cecat::config::SplitFieldSpec;

TEST_CASE("a field spec splits at the last '@' outside quotes, brackets and parentheses") {
  struct Case {
    const char* spec;
    const char* selector;
    const char* attribute;
    bool has_attribute;
  };
  const Case cases[] = {
      {"h2", "h2", "", false},
      {"a.title@href", "a.title", "href", true},
      {"@href", "", "href", true},
      {"a[href*='@']", "a[href*='@']", "", false},
      {"a[href^=\"mailto:x@y\"]", "a[href^=\"mailto:x@y\"]", "", false},
      {"a[title='x@y']@href", "a[title='x@y']", "href", true},
      {"a:not([data-x='@'])@data-id", "a:not([data-x='@'])", "data-id", true},
      {"a[title='it\\'s @ home']", "a[title='it\\'s @ home']", "", false},
      {"time@datetime", "time", "datetime", true},
      {"a@", "a", "", true},
      {"a@b@c", "a@b", "c", true},
  };
  for (const Case& c : cases) {
    CAPTURE(c.spec);
    FieldSpec got = SplitFieldSpec(c.spec);
    CHECK(got.selector == c.selector);
    CHECK(got.attribute == c.attribute);
    CHECK(got.has_attribute == c.has_attribute);
  }
}
