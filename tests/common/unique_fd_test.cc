#include "common/unique_fd.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include <catch2/catch.hpp>

namespace cecat {
namespace {

bool IsOpen(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

int OpenDevNull() { return ::open("/dev/null", O_RDONLY | O_CLOEXEC); }

TEST_CASE("UniqueFd closes its descriptor once, on destruction") {
  int raw = OpenDevNull();
  REQUIRE(raw >= 0);
  {
    UniqueFd fd(raw);
    CHECK(fd.valid());
    CHECK(fd.get() == raw);
  }
  CHECK(!IsOpen(raw));
}

TEST_CASE("UniqueFd moves ownership: the moved-from owner closes nothing") {
  int raw = OpenDevNull();
  REQUIRE(raw >= 0);
  UniqueFd a(raw);
  UniqueFd b(std::move(a));
  CHECK(!a.valid());  // NOLINT(bugprone-use-after-move): checking the moved-from state
  CHECK(b.get() == raw);
  UniqueFd c;
  c = std::move(b);
  CHECK(c.get() == raw);
  CHECK(IsOpen(raw));
  CHECK(c.Reset() == 0);
  CHECK(!IsOpen(raw));
  CHECK(c.Reset() == 0);  // closing nothing is fine
}

TEST_CASE("UniqueFd assignment closes the descriptor it held") {
  int first = OpenDevNull();
  int second = OpenDevNull();
  REQUIRE(first >= 0);
  REQUIRE(second >= 0);
  UniqueFd fd(first);
  fd = UniqueFd(second);
  CHECK(!IsOpen(first));
  CHECK(fd.get() == second);
}

TEST_CASE("UniqueFd::Release hands the descriptor to the caller") {
  int raw = OpenDevNull();
  REQUIRE(raw >= 0);
  {
    UniqueFd fd(raw);
    CHECK(fd.Release() == raw);
    CHECK(!fd.valid());
  }
  CHECK(IsOpen(raw));
  ::close(raw);
}

TEST_CASE("UniqueFd::Reset reports close(2)'s errno") {
  UniqueFd fd(1 << 20);  // not an open descriptor: close fails with EBADF
  CHECK(fd.Reset() == EBADF);
  CHECK(!fd.valid());
}

}  // namespace
}  // namespace cecat
