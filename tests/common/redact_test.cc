// Redaction of URL secrets (common/redact.h): what logs, run reports and the feed
// may show of a URL.
#include "common/redact.h"

#include <catch2/catch.hpp>

namespace cecat {
namespace {

TEST_CASE("URLs lose their userinfo and the values of secret parameters") {
  struct Case {
    const char* in;
    const char* want;
  };
  const Case cases[] = {
      {"https://user:pass@host.example/a?b=1", "https://***@host.example/a?b=1"},
      {"https://apikey123@host.example", "https://***@host.example"},
      {"http://u:p@h:8080/x@y", "http://***@h:8080/x@y"},  // '@' in the path is not userinfo
      {"https://h/p?token=abc&page=2", "https://h/p?token=***&page=2"},
      {"https://h/p?page=2&api_key=k1&apikey=k2&key=k3",
       "https://h/p?page=2&api_key=***&apikey=***&key=***"},
      {"https://h/?password=x&secret=y&signature=z&sig=w",
       "https://h/?password=***&secret=***&signature=***&sig=***"},
      {"https://h/?access_token=t#frag", "https://h/?access_token=***#frag"},
      {"https://h/cb#access_token=t&state=s", "https://h/cb#access_token=***&state=s"},
      {"https://s3.example/o?X-Amz-Signature=abc&X-Amz-Credential=AK",
       "https://s3.example/o?X-Amz-Signature=***&X-Amz-Credential=***"},
      {"https://h/?accessToken=t&TOKEN=u&api%5Fkey=v",
       "https://h/?accessToken=***&TOKEN=***&api%5Fkey=***"},
      {"https://h/?token=", "https://h/?token="},  // nothing to hide
      {"https://h/?token", "https://h/?token"},    // a flag, no value
      {"https://h/?monkey=1&tokens_left=3&sort=key", "https://h/?monkey=1&tokens_left=3&sort=key"},
      {"https://h/?next=https://u:pw@other/", "https://h/?next=https://***@other/"},
      {"https://h/a/b.html", "https://h/a/b.html"},
      {"file:///srv/site/index.html", "file:///srv/site/index.html"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(RedactUrl(c.in) == c.want);
  }
}

TEST_CASE("secret parameter names are recognised by their last word") {
  for (const char* name : {"token", "key", "apikey", "api_key", "API-KEY", "password", "secret",
                           "signature", "sig", "access_token", "accessToken", "client_secret",
                           "X-Amz-Signature", "refresh_token", "passwd", "auth"}) {
    CAPTURE(name);
    CHECK(IsSecretParam(name));
  }
  for (const char* name :
       {"page", "q", "monkey", "keyword", "tokens_left", "sort", "utm_source", "signed", "", "_"}) {
    CAPTURE(name);
    CHECK_FALSE(IsSecretParam(name));
  }
}

TEST_CASE("URLs inside log lines are redacted, the rest of the line is kept") {
  struct Case {
    const char* in;
    const char* want;
  };
  const Case cases[] = {
      {"crawl acme: GET https://u:p@acme.example/c?token=abc",
       "crawl acme: GET https://***@acme.example/c?token=***"},
      {"crawl acme: https://h/x?key=1: timeout after 30 s",
       "crawl acme: https://h/x?key=***: timeout after 30 s"},
      {"see https://h/?sig=abc.", "see https://h/?sig=***."},
      {"(https://h/?token=a) and \"http://u@h2/\"",
       "(https://h/?token=***) and \"http://***@h2/\""},
      {"two: https://a/?token=1 https://b/?token=2",
       "two: https://a/?token=*** https://b/?token=***"},
      {"no url here: a://", "no url here: a://"},
      {"://h/?token=x without a scheme", "://h/?token=x without a scheme"},
      {"plain text", "plain text"},
      {"", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(RedactSecrets(c.in) == c.want);
  }
}

}  // namespace
}  // namespace cecat
