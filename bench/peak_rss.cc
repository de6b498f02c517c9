// Peak RSS of a command, measured from a parent that stays small (issue 25).
//
//   bench_peak_rss OUT -- COMMAND [ARG...]
//
// Linux records into a process's peak RSS (ru_maxrss, /usr/bin/time's %M) the peak
// of the memory it had before its exec: a benchmark harness that holds a 10,000-page
// site forks and execs `cecat`, and `cecat`'s measured peak is then at least the
// harness's (71 MB for an unchanged re-crawl whose own peak was 48 MB). This
// program is that exec's small parent: it runs COMMAND (looked up on PATH) as its
// own child, with stdin, stdout and stderr inherited, waits, and writes the
// child's "maxrss_kb user_s sys_s" to OUT. It exits with the child's status,
// 128 + the signal when the child was killed, 127 when COMMAND could not be run.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 4 || std::strcmp(argv[2], "--") != 0) {
    std::fprintf(stderr, "usage: %s OUT -- COMMAND [ARG...]\n", argv[0]);
    return 2;
  }
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("fork");
    return 127;
  }
  if (pid == 0) {
    execvp(argv[3], argv + 3);
    std::fprintf(stderr, "%s: cannot run %s: %s\n", argv[0], argv[3], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      std::perror("wait4");
      return 127;
    }
  }
  std::FILE* out = std::fopen(argv[1], "w");
  if (out == nullptr) {
    std::fprintf(stderr, "%s: cannot write %s: %s\n", argv[0], argv[1], std::strerror(errno));
  } else {
    std::fprintf(out, "%ld %.6f %.6f\n", usage.ru_maxrss,
                 usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6,
                 usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);
    std::fclose(out);
  }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}
