# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tokenbench_global_optspecs
    string join \n h/help V/version
end

function __fish_tokenbench_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tokenbench_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tokenbench_using_subcommand
    set -l cmd (__fish_tokenbench_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tokenbench -n "__fish_tokenbench_needs_command" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -s V -l version -d 'Print version'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "presets" -d 'List presets: id, name, algorithm'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "mint" -d 'Mint a token for a vendor preset'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "inspect" -d 'Decode a token leniently, check its times and the preset\'s rules, and verify it when a key is given'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "verify" -d 'Verify a token\'s signature with a key, and check its times and the preset\'s rules'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "diff" -d 'Show what differs between two tokens: header and payload by JSON path, times, verdicts and findings'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "scan" -d 'Find every JWT in a HAR capture or any text file (a log), where each appears, and inspect each'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "explain" -d 'Which vendor error a text is (a console line, a response body, a code), what it means, the rules and the fix'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "keys" -d 'Show each key of a key set (a JWKS URL, an OpenID issuer, a file) and what is wrong with the set'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "keygen" -d 'Generate an RSA, EC or Ed25519 key pair'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "snippet" -d 'Print the widget\'s hand-over code, or a Node.js/Python/PHP/curl sample that mints the same claims'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "serve" -d 'Serve fresh tokens, the public key and a demo page on 127.0.0.1 (as the vendors\' sample Node.js servers do)'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "profile" -d 'Saved widget setups whose keys live in the OS keyring'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "completions" -d 'Print a shell completion script: tokenbench completions bash > ~/.local/share/bash-completion/completions/tokenbench'
complete -c tokenbench -n "__fish_tokenbench_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand presets" -l json -d 'Print JSON'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand presets" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l preset -d 'The vendor preset (see `tokenbench presets`); with --profile, the profile\'s by default' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l secret-env -d 'Read the HMAC secret from this environment variable' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l secret-file -d 'Read the HMAC secret from this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l key-file -d 'A PEM (PKCS#1, PKCS#8, SEC1, SPKI, certificate), JWK or JWKS key file' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l jwks-url -d 'Fetch the public keys from this URL: a JWKS, a JWK, a PEM, a certificate or Omnichannel\'s key list (https; plain http only on loopback). Cached as the server allows' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l oidc -d 'Fetch the public keys of this OpenID issuer (ISSUER/.well-known/openid-configuration, then its jwks_uri)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (the text\'s bytes, as vendors do), base64, base64url or hex' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l profile -d 'Use a profile\'s key from the OS keyring (and its preset and values as defaults)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l claim -d 'Set a claim; the value takes the preset\'s type for it (unknown claims: JSON if it parses as a number, boolean, object or array, else a string)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l attr -d 'Put a string into the preset\'s attribute map (Connect attributes, Omnichannel lwicontexts, …)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l lifetime -d 'Time from iat to exp: 600, 600s, 10m, 1h30m (default: the preset\'s)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l kid -d 'The header\'s key id' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l alg -d 'Sign with this algorithm (one the preset accepts and the key fits)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l encrypt-key -d 'Encrypt the signed token for this recipient\'s public key or JWK file (the vendor\'s key)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l encrypt-secret-env -d 'Encrypt the signed token with the shared key in this environment variable' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l jwe-alg -d 'The JWE key management algorithm (default: the preset\'s, else by the key: RSA-OAEP-256, ECDH-ES+A256KW, dir)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l jwe-enc -d 'The JWE content encryption (default: the preset\'s, else A256GCM; A128GCM for a 16-byte shared key)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l secret-stdin -d 'Read the HMAC secret from standard input (one trailing newline is ignored)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -l json -d 'Print {"token","header","payload"} as JSON'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand mint" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l preset -d 'Check the token against a vendor preset\'s rules' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l secret-env -d 'Read the HMAC secret from this environment variable' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l secret-file -d 'Read the HMAC secret from this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l key-file -d 'A PEM (PKCS#1, PKCS#8, SEC1, SPKI, certificate), JWK or JWKS key file' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l jwks-url -d 'Fetch the public keys from this URL: a JWKS, a JWK, a PEM, a certificate or Omnichannel\'s key list (https; plain http only on loopback). Cached as the server allows' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l oidc -d 'Fetch the public keys of this OpenID issuer (ISSUER/.well-known/openid-configuration, then its jwks_uri)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (the text\'s bytes, as vendors do), base64, base64url or hex' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l profile -d 'Use a profile\'s key from the OS keyring (and its preset and values as defaults)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l decrypt-key -d 'Decrypt a JWE with this private key or JWK file (RSA for RSA-OAEP, EC for ECDH-ES, or an "oct" JWK for dir and AES key wrap)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l decrypt-secret-env -d 'Decrypt a JWE with the shared key in this environment variable (its text\'s bytes, as Chaskiq uses its 16-character key)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l decrypt-secret-file -d 'Decrypt a JWE with the shared key in this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l claim -d 'For an identity hash: a field it is made from (the preset\'s names: --claim identifier=u-1)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l alg -d 'Accept only this algorithm (repeatable; default: the preset\'s, or any that fits the key)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l leeway -d 'Clock-skew tolerance for exp, nbf and iat: 0 (default), 30s, 2m' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l secret-stdin -d 'Read the HMAC secret from standard input (one trailing newline is ignored)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l decrypt-secret-stdin -d 'Decrypt a JWE with the shared key read from standard input'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l all-profiles -d 'Try the key of every stored profile and say which one signed the token (or made the identity hash: with no --preset, every identity-hash profile with its own fields)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -l json -d 'Print the report as JSON'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l preset -d 'Check the token against a vendor preset\'s rules' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l secret-env -d 'Read the HMAC secret from this environment variable' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l secret-file -d 'Read the HMAC secret from this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l key-file -d 'A PEM (PKCS#1, PKCS#8, SEC1, SPKI, certificate), JWK or JWKS key file' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l jwks-url -d 'Fetch the public keys from this URL: a JWKS, a JWK, a PEM, a certificate or Omnichannel\'s key list (https; plain http only on loopback). Cached as the server allows' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l oidc -d 'Fetch the public keys of this OpenID issuer (ISSUER/.well-known/openid-configuration, then its jwks_uri)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (the text\'s bytes, as vendors do), base64, base64url or hex' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l profile -d 'Use a profile\'s key from the OS keyring (and its preset and values as defaults)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l decrypt-key -d 'Decrypt a JWE with this private key or JWK file (RSA for RSA-OAEP, EC for ECDH-ES, or an "oct" JWK for dir and AES key wrap)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l decrypt-secret-env -d 'Decrypt a JWE with the shared key in this environment variable (its text\'s bytes, as Chaskiq uses its 16-character key)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l decrypt-secret-file -d 'Decrypt a JWE with the shared key in this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l claim -d 'For an identity hash: a field it is made from (the preset\'s names: --claim identifier=u-1)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l alg -d 'Accept only this algorithm (repeatable; default: the preset\'s, or any that fits the key)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l leeway -d 'Clock-skew tolerance for exp, nbf and iat: 0 (default), 30s, 2m' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l secret-stdin -d 'Read the HMAC secret from standard input (one trailing newline is ignored)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l decrypt-secret-stdin -d 'Decrypt a JWE with the shared key read from standard input'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l all-profiles -d 'Try the key of every stored profile and say which one signed the token (or made the identity hash: with no --preset, every identity-hash profile with its own fields)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -l json -d 'Print the report as JSON'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand verify" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l preset -d 'Check both tokens against a vendor preset\'s rules (default: the preset each resembles)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l secret-env -d 'Read the HMAC secret from this environment variable' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l secret-file -d 'Read the HMAC secret from this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l key-file -d 'A PEM (PKCS#1, PKCS#8, SEC1, SPKI, certificate), JWK or JWKS key file' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l jwks-url -d 'Fetch the public keys from this URL: a JWKS, a JWK, a PEM, a certificate or Omnichannel\'s key list (https; plain http only on loopback). Cached as the server allows' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l oidc -d 'Fetch the public keys of this OpenID issuer (ISSUER/.well-known/openid-configuration, then its jwks_uri)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (the text\'s bytes, as vendors do), base64, base64url or hex' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l profile -d 'Use a profile\'s key from the OS keyring (and its preset and values as defaults)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l decrypt-key -d 'Decrypt a JWE with this private key or JWK file (RSA for RSA-OAEP, EC for ECDH-ES, or an "oct" JWK for dir and AES key wrap)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l decrypt-secret-env -d 'Decrypt a JWE with the shared key in this environment variable (its text\'s bytes, as Chaskiq uses its 16-character key)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l decrypt-secret-file -d 'Decrypt a JWE with the shared key in this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l secret-stdin -d 'Read the HMAC secret from standard input (one trailing newline is ignored)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l decrypt-secret-stdin -d 'Decrypt a JWE with the shared key read from standard input'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -l json -d 'Print the reports and the changes as JSON'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand diff" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l preset -d 'Check every token against this preset\'s rules (default: the preset each resembles)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l secret-env -d 'Read the HMAC secret from this environment variable' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l secret-file -d 'Read the HMAC secret from this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l key-file -d 'A PEM (PKCS#1, PKCS#8, SEC1, SPKI, certificate), JWK or JWKS key file' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l jwks-url -d 'Fetch the public keys from this URL: a JWKS, a JWK, a PEM, a certificate or Omnichannel\'s key list (https; plain http only on loopback). Cached as the server allows' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l oidc -d 'Fetch the public keys of this OpenID issuer (ISSUER/.well-known/openid-configuration, then its jwks_uri)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (the text\'s bytes, as vendors do), base64, base64url or hex' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l profile -d 'Use a profile\'s key from the OS keyring (and its preset and values as defaults)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l decrypt-key -d 'Decrypt a JWE with this private key or JWK file (RSA for RSA-OAEP, EC for ECDH-ES, or an "oct" JWK for dir and AES key wrap)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l decrypt-secret-env -d 'Decrypt a JWE with the shared key in this environment variable (its text\'s bytes, as Chaskiq uses its 16-character key)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l decrypt-secret-file -d 'Decrypt a JWE with the shared key in this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l secret-stdin -d 'Read the HMAC secret from standard input (one trailing newline is ignored)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l decrypt-secret-stdin -d 'Decrypt a JWE with the shared key read from standard input'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -l json -d 'Print the source, the tokens, their places and reports as JSON'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand scan" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l preset -d 'Only this vendor\'s errors (a code alone, "9007", needs it)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l token -d 'The token the widget refused (a token, @FILE or -): says which of the matched rules it breaks, checked with KEY when one is given' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l secret-env -d 'Read the HMAC secret from this environment variable' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l secret-file -d 'Read the HMAC secret from this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l key-file -d 'A PEM (PKCS#1, PKCS#8, SEC1, SPKI, certificate), JWK or JWKS key file' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l jwks-url -d 'Fetch the public keys from this URL: a JWKS, a JWK, a PEM, a certificate or Omnichannel\'s key list (https; plain http only on loopback). Cached as the server allows' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l oidc -d 'Fetch the public keys of this OpenID issuer (ISSUER/.well-known/openid-configuration, then its jwks_uri)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (the text\'s bytes, as vendors do), base64, base64url or hex' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l profile -d 'Use a profile\'s key from the OS keyring (and its preset and values as defaults)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l decrypt-key -d 'Decrypt a JWE with this private key or JWK file (RSA for RSA-OAEP, EC for ECDH-ES, or an "oct" JWK for dir and AES key wrap)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l decrypt-secret-env -d 'Decrypt a JWE with the shared key in this environment variable (its text\'s bytes, as Chaskiq uses its 16-character key)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l decrypt-secret-file -d 'Decrypt a JWE with the shared key in this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l secret-stdin -d 'Read the HMAC secret from standard input (one trailing newline is ignored)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l decrypt-secret-stdin -d 'Decrypt a JWE with the shared key read from standard input'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -l json -d 'Print {"matches", "token", "token_breaks"} as JSON'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand explain" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand keys" -l preset -d 'Also check the vendor\'s own rules for key sets (salesforce-miaw, microsoft-omnichannel)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand keys" -l oidc -d 'Treat SOURCE as an OpenID issuer: read its /.well-known/openid-configuration first'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand keys" -l refresh -d 'Fetch again even when the cached copy is still fresh'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand keys" -l json -d 'Print JSON'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand keys" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand keygen" -l alg -d 'RS256/384/512, PS256/384/512, ES256, ES384 or EdDSA' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand keygen" -l out -d 'Write the private key (PKCS#8 PEM) to FILE and the public key to FILE.pub; without it, both go to stdout' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand keygen" -l bits -d 'RSA key size: 2048 (default), 3072 or 4096' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand keygen" -l kid -d 'The key id for JWK, JWKS and key-list output (default: the RFC 7638 thumbprint)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand keygen" -l public-format -d 'The public key\'s format: pem (SPKI, default), jwk, jwks or omnichannel' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand keygen" -l force -d 'Replace FILE and FILE.pub if they exist'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand keygen" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l preset -d 'The vendor preset (see `tokenbench presets`); with --profile, the profile\'s by default' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l secret-env -d 'Read the HMAC secret from this environment variable' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l secret-file -d 'Read the HMAC secret from this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l key-file -d 'A PEM (PKCS#1, PKCS#8, SEC1, SPKI, certificate), JWK or JWKS key file' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l jwks-url -d 'Fetch the public keys from this URL: a JWKS, a JWK, a PEM, a certificate or Omnichannel\'s key list (https; plain http only on loopback). Cached as the server allows' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l oidc -d 'Fetch the public keys of this OpenID issuer (ISSUER/.well-known/openid-configuration, then its jwks_uri)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (the text\'s bytes, as vendors do), base64, base64url or hex' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l profile -d 'Use a profile\'s key from the OS keyring (and its preset and values as defaults)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l claim -d 'Set a claim; the value takes the preset\'s type for it (unknown claims: JSON if it parses as a number, boolean, object or array, else a string)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l attr -d 'Put a string into the preset\'s attribute map (Connect attributes, Omnichannel lwicontexts, …)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l lifetime -d 'Time from iat to exp: 600, 600s, 10m, 1h30m (default: the preset\'s)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l kid -d 'The header\'s key id' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l alg -d 'Sign with this algorithm (one the preset accepts and the key fits)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l setting -d 'A page value that is not a claim (the preset\'s page settings: Intercom\'s app_id, …)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l server-url -d 'Where the local server runs, for hand-over code and curl' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -l secret-stdin -d 'Read the HMAC secret from standard input (one trailing newline is ignored)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand snippet" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l preset -d 'The vendor preset (see `tokenbench presets`); with --profile, the profile\'s by default' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l secret-env -d 'Read the HMAC secret from this environment variable' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l secret-file -d 'Read the HMAC secret from this file (one trailing newline is ignored)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l key-file -d 'A PEM (PKCS#1, PKCS#8, SEC1, SPKI, certificate), JWK or JWKS key file' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l jwks-url -d 'Fetch the public keys from this URL: a JWKS, a JWK, a PEM, a certificate or Omnichannel\'s key list (https; plain http only on loopback). Cached as the server allows' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l oidc -d 'Fetch the public keys of this OpenID issuer (ISSUER/.well-known/openid-configuration, then its jwks_uri)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8 (the text\'s bytes, as vendors do), base64, base64url or hex' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l profile -d 'Use a profile\'s key from the OS keyring (and its preset and values as defaults)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l port -d 'The port on 127.0.0.1 (0: any free port)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l claim -d 'Set a claim; the value takes the preset\'s type for it (unknown claims: JSON if it parses as a number, boolean, object or array, else a string)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l attr -d 'Put a string into the preset\'s attribute map (Connect attributes, Omnichannel lwicontexts, …)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l lifetime -d 'Time from iat to exp: 600, 600s, 10m, 1h30m (default: the preset\'s)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l kid -d 'The header\'s key id' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l alg -d 'Sign with this algorithm (one the preset accepts and the key fits)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l setting -d 'A demo-page value that is not a claim (the preset\'s page settings: Connect\'s snippet_id, Intercom\'s app_id, …)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l encrypt-key -d 'Encrypt the signed token for this recipient\'s public key or JWK file (the vendor\'s key)' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l encrypt-secret-env -d 'Encrypt the signed token with the shared key in this environment variable' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l jwe-alg -d 'The JWE key management algorithm (default: the preset\'s, else by the key: RSA-OAEP-256, ECDH-ES+A256KW, dir)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l jwe-enc -d 'The JWE content encryption (default: the preset\'s, else A256GCM; A128GCM for a 16-byte shared key)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l secret-stdin -d 'Read the HMAC secret from standard input (one trailing newline is ignored)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -l quiet -d 'Don\'t print a line per request'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand serve" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and not __fish_seen_subcommand_from list show add set-secret set-encryption-key forget-encryption-key rename remove help" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and not __fish_seen_subcommand_from list show add set-secret set-encryption-key forget-encryption-key rename remove help" -f -a "list" -d 'List the profiles'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and not __fish_seen_subcommand_from list show add set-secret set-encryption-key forget-encryption-key rename remove help" -f -a "show" -d 'Show a profile (never its secret)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and not __fish_seen_subcommand_from list show add set-secret set-encryption-key forget-encryption-key rename remove help" -f -a "add" -d 'Add a profile: a preset and the values filled every time'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and not __fish_seen_subcommand_from list show add set-secret set-encryption-key forget-encryption-key rename remove help" -f -a "set-secret" -d 'Store the profile\'s secret (read from stdin) or key file in the OS keyring'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and not __fish_seen_subcommand_from list show add set-secret set-encryption-key forget-encryption-key rename remove help" -f -a "set-encryption-key" -d 'Keep the vendor\'s key this profile\'s tokens are encrypted for (LivePerson\'s public key): a public key file (kept in the profile), or a shared key read from stdin (kept in the OS keyring). `mint` and `serve` with the profile then encrypt'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and not __fish_seen_subcommand_from list show add set-secret set-encryption-key forget-encryption-key rename remove help" -f -a "forget-encryption-key" -d 'Stop encrypting this profile\'s tokens: forget the vendor\'s encryption key'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and not __fish_seen_subcommand_from list show add set-secret set-encryption-key forget-encryption-key rename remove help" -f -a "rename" -d 'Rename a profile (its key stays with it)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and not __fish_seen_subcommand_from list show add set-secret set-encryption-key forget-encryption-key rename remove help" -f -a "remove" -d 'Remove a profile and its keyring entry'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and not __fish_seen_subcommand_from list show add set-secret set-encryption-key forget-encryption-key rename remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from list" -l json -d 'Print them as JSON'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from show" -l json -d 'Print it as JSON'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from add" -l preset -d 'The vendor preset (see `tokenbench presets`)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from add" -l claim -d 'A claim value to fill every time (repeatable)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from add" -l attr -d 'An entry of the preset\'s attribute map (repeatable)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from add" -l lifetime -d 'Token lifetime: 600, 10m, 1h30m (default: the preset\'s)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from add" -l kid -d 'The header\'s key id' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from add" -l alg -d 'The algorithm, when the preset accepts several' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from add" -l secret-encoding -d 'How the secret\'s text becomes key bytes: utf8, base64, base64url or hex' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from add" -l setting -d 'A demo-page value that is not a claim (the preset\'s page settings: Connect\'s snippet_id, …)' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from add" -l jwks-url -d 'Where the public keys are published (JWKS, PEM, certificate or key-list URL, or an OpenID issuer): verifying with this profile fetches them. No secret needed' -r
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from set-secret" -l key-file -d 'Store this private key file instead of reading a secret from stdin' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from set-secret" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from set-encryption-key" -l key-file -d 'The vendor\'s public key (PEM or JWK) instead of a shared key on stdin' -r -F
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from set-encryption-key" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from forget-encryption-key" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the profiles'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a profile (never its secret)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a profile: a preset and the values filled every time'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "set-secret" -d 'Store the profile\'s secret (read from stdin) or key file in the OS keyring'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "set-encryption-key" -d 'Keep the vendor\'s key this profile\'s tokens are encrypted for (LivePerson\'s public key): a public key file (kept in the profile), or a shared key read from stdin (kept in the OS keyring). `mint` and `serve` with the profile then encrypt'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "forget-encryption-key" -d 'Stop encrypting this profile\'s tokens: forget the vendor\'s encryption key'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Rename a profile (its key stays with it)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a profile and its keyring entry'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand profile; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand completions" -s h -l help -d 'Print help'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "presets" -d 'List presets: id, name, algorithm'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "mint" -d 'Mint a token for a vendor preset'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "inspect" -d 'Decode a token leniently, check its times and the preset\'s rules, and verify it when a key is given'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "verify" -d 'Verify a token\'s signature with a key, and check its times and the preset\'s rules'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "diff" -d 'Show what differs between two tokens: header and payload by JSON path, times, verdicts and findings'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "scan" -d 'Find every JWT in a HAR capture or any text file (a log), where each appears, and inspect each'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "explain" -d 'Which vendor error a text is (a console line, a response body, a code), what it means, the rules and the fix'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "keys" -d 'Show each key of a key set (a JWKS URL, an OpenID issuer, a file) and what is wrong with the set'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "keygen" -d 'Generate an RSA, EC or Ed25519 key pair'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "snippet" -d 'Print the widget\'s hand-over code, or a Node.js/Python/PHP/curl sample that mints the same claims'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "serve" -d 'Serve fresh tokens, the public key and a demo page on 127.0.0.1 (as the vendors\' sample Node.js servers do)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "profile" -d 'Saved widget setups whose keys live in the OS keyring'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "completions" -d 'Print a shell completion script: tokenbench completions bash > ~/.local/share/bash-completion/completions/tokenbench'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and not __fish_seen_subcommand_from presets mint inspect verify diff scan explain keys keygen snippet serve profile completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "list" -d 'List the profiles'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "show" -d 'Show a profile (never its secret)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "add" -d 'Add a profile: a preset and the values filled every time'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "set-secret" -d 'Store the profile\'s secret (read from stdin) or key file in the OS keyring'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "set-encryption-key" -d 'Keep the vendor\'s key this profile\'s tokens are encrypted for (LivePerson\'s public key): a public key file (kept in the profile), or a shared key read from stdin (kept in the OS keyring). `mint` and `serve` with the profile then encrypt'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "forget-encryption-key" -d 'Stop encrypting this profile\'s tokens: forget the vendor\'s encryption key'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "rename" -d 'Rename a profile (its key stays with it)'
complete -c tokenbench -n "__fish_tokenbench_using_subcommand help; and __fish_seen_subcommand_from profile" -f -a "remove" -d 'Remove a profile and its keyring entry'
