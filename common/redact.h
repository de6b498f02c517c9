// Redaction of secrets that URLs may carry (userinfo, token-like query and fragment
// parameters), for everything that leaves the process: log lines, stored run
// reports, `sources list` and the feed's record URLs (docs/security.md).
#pragma once

#include <string>
#include <string_view>

#include "common/record.h"

namespace cecat {

// True if a query or fragment parameter with this name is taken for a secret: its
// last word (split at '_', '-' and lowerCamel humps, case-insensitive) is token,
// key, apikey, password, passwd, pwd, secret, signature, sig, credential or auth.
// So token, api_key, apiKey, access_token, X-Amz-Signature, client_secret.
bool IsSecretParam(std::string_view name);

// The URL with its userinfo replaced by "***" and the values of secret parameters
// (IsSecretParam) in its query and fragment replaced by "***". Everything else is
// kept byte for byte, so the line still says which page it was about.
std::string RedactUrl(std::string_view url);

// Free text with every "scheme://..." URL in it passed through RedactUrl. A URL
// ends at whitespace, a quote or angle bracket, and loses trailing punctuation
// ("see http://h/?token=x." keeps its full stop).
std::string RedactSecrets(std::string_view text);

// Every string in `j` (values, not keys) passed through RedactSecrets: run reports
// and source states are stored and printed with no secret in them.
void RedactJsonStrings(Json& j);

}  // namespace cecat
