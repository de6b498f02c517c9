// Redaction of secrets that URLs may carry (userinfo, token-like parameters), for
// everything that leaves the process: log lines, stored run reports, `sources`,
// `runs`, the feed, `search`, `show` and `extract` (docs/security.md, "Secrets").
#pragma once

#include <string>
#include <string_view>

#include "common/record.h"

namespace cecat {

// True if a query, fragment or path parameter with this name is taken for a
// secret. The name (percent-decoded by the caller) is split into lower-case words
// at every byte that is not a letter or digit, at lowerCamel humps and between
// letters and digits. It is a secret when the words joined contain a stem (token,
// secret, pass, pwd, auth, session, sessid, jwt, bearer, apikey, signature,
// credential, accesskey, privatekey, private, cookie, csrf, xsrf, saml, hmac), or
// when a word is key, keys, sid, sig, sign, code, otp, totp, hotp, mfa, pin, pw,
// access, nonce, salt, ticket, cred, creds or verifier, or ends in key or sid.
// The list errs on the side of hiding ("author", "monkey" and "zip_code" are
// hidden too); "keyword", "signed", "credit_hours" and "state" are not.
bool IsSecretParam(std::string_view name);

// The URL with every secret replaced by "***": all of its userinfo (also in a
// scheme-relative "//user:pw@host"), and the values of secret parameters
// (IsSecretParam) in its query, its fragment and its path segments'
// ";name=value" parameters ('&' and ';' both separate parameters). A parameter
// whose value is a JSON Web Token, or a URL holding a secret (as written, or
// percent-encoded: "?next=https%3A%2F%2Fu%3Ap%40h%2F"), is hidden too, whatever
// its name. Everything else is kept byte for byte, so the line still says which
// page it was about. Works on relative URLs ("/list?session=x") too.
//
// This is the one redaction of the product: every URL that leaves the process
// (logs, run reports, `sources`, `runs`, the feed, `search`, `show`, `extract`)
// goes through it, by way of RedactSecrets or RedactJsonStrings.
std::string RedactUrl(std::string_view url);

// Free text with every "scheme://..." URL in it passed through RedactUrl. A URL
// ends at whitespace, a quote or angle bracket, and loses trailing punctuation
// ("see http://h/?token=x." keeps its full stop).
std::string RedactSecrets(std::string_view text);

// One value as RedactJsonStrings treats it: text holding "scheme://" URLs through
// RedactSecrets, a lone relative URL with parameters ("/x?auth_code=y",
// "detail.html?session=x") through RedactUrl, anything else unchanged. For an
// attribute's value or any other string printed as text that may be either.
std::string RedactValue(std::string_view text);

// Every string in `j` (values, not keys) that holds a URL passed through
// RedactSecrets, and every one-word string that looks like a relative URL with
// parameters ("detail.html?session=x") through RedactUrl: run reports, source
// states, records and `extract` output are stored and printed with no secret in
// them.
void RedactJsonStrings(Json& j);

}  // namespace cecat
