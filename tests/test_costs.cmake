# Read by CTest after the discovered tests (tests/CMakeLists.txt): the tests that
# take longest, with their seconds in the normal suite (GCC, 2026-12-06), so that
# CTest starts them first. Without it a fresh build directory started the 2,000-page
# test 558th of 581 and ran it alone at the end for most of its 47 s, one core idle
# (and longer under ASan). A renamed test loses its cost silently (CTest ignores an
# unknown name here): keep the names in step with the TEST_CASEs.
set_tests_properties(
  [=[e2e:a 2,000-page site refreshed five times, every title changed and SIGKILLs mid-run in between, ends with its 2,000 courses active at the latest titles under their first ids]=]
  PROPERTIES COST 47)
set_tests_properties(
  [=[e2e:a refresh killed with SIGKILL at random points leaves the index, feed and lock usable]=]
  PROPERTIES COST 19)
set_tests_properties(
  [=[e2e:every night, the previous feed plus export --since equals the new feed byte for byte]=]
  PROPERTIES COST 7)
set_tests_properties([=[feed:Exported feeds validate against the schema]=] PROPERTIES COST 6)
set_tests_properties(
  [=[e2e:no secret from a URL reaches any output: logs, reports, sources, feed, search, show, runs, extract, robots]=]
  PROPERTIES COST 5)
set_tests_properties(
  [=[browser: report opens in Chromium, fetches nothing, shows the seeded history]=]
  PROPERTIES COST 23)
