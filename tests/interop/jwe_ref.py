"""The JWE referee: Python's joserfc encrypts and decrypts compact JWEs.

  jwe_ref.py encrypt ALG ENC KEYFILE PLAINTEXT   prints the compact JWE
  jwe_ref.py decrypt KEYFILE TOKEN               prints the plaintext

KEYFILE: a PEM key (public to encrypt, private to decrypt) or a file holding the raw shared key.
"""
import sys

from joserfc import jwe
from joserfc.jwk import ECKey, OctKey, RSAKey

ALGS = [
    "RSA-OAEP", "RSA-OAEP-256", "A128KW", "A192KW", "A256KW", "dir",
    "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW",
    "A128CBC-HS256", "A192CBC-HS384", "A256CBC-HS512", "A128GCM", "A192GCM", "A256GCM",
]


def key(path):
    data = open(path, "rb").read()
    if b"-----BEGIN" not in data:
        return OctKey.import_key(data)
    for kind in (RSAKey, ECKey):
        try:
            return kind.import_key(data)
        except Exception:
            pass
    raise SystemExit(f"{path}: not an RSA or EC key")


def main():
    if sys.argv[1] == "encrypt":
        alg, enc, path, plaintext = sys.argv[2:6]
        header = {"alg": alg, "enc": enc, "cty": "JWT"}
        print(jwe.encrypt_compact(header, plaintext.encode(), key(path), algorithms=ALGS))
    else:
        path, token = sys.argv[2:4]
        print(jwe.decrypt_compact(token, key(path), algorithms=ALGS).plaintext.decode())


main()
