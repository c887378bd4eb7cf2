"""joserfc's figures for the JWE bench: microseconds per decrypt and per encrypt.

  jwe_joserfc.py RSA_PRIVATE_PEM RSA_PUBLIC_PEM SHARED_KEY_FILE TOKEN_RSA TOKEN_DIR PLAINTEXT N

Prints one JSON object: {"rsa_decrypt", "rsa_encrypt", "dir_decrypt", "dir_encrypt"} (the
median of five runs of N operations each, in microseconds).
"""
import json
import statistics
import sys
import time

from joserfc import jwe
from joserfc.jwk import OctKey, RSAKey

ALGS = ["RSA-OAEP-256", "dir", "A128CBC-HS256", "A128GCM"]
private, public, shared, token_rsa, token_dir, plaintext, n = sys.argv[1:8]
n = int(n)
private = RSAKey.import_key(open(private, "rb").read())
public = RSAKey.import_key(open(public, "rb").read())
shared = OctKey.import_key(open(shared, "rb").read())
plaintext = plaintext.encode()


def per_op(fn):
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        runs.append((time.perf_counter() - start) / n * 1e6)
    return statistics.median(runs)


rsa_header = {"alg": "RSA-OAEP-256", "enc": "A128CBC-HS256", "cty": "JWT"}
dir_header = {"alg": "dir", "enc": "A128GCM"}
print(json.dumps({
    "rsa_decrypt": per_op(lambda: jwe.decrypt_compact(token_rsa, private, algorithms=ALGS)),
    "rsa_encrypt": per_op(lambda: jwe.encrypt_compact(rsa_header, plaintext, public, algorithms=ALGS)),
    "dir_decrypt": per_op(lambda: jwe.decrypt_compact(token_dir, shared, algorithms=ALGS)),
    "dir_encrypt": per_op(lambda: jwe.encrypt_compact(dir_header, plaintext, shared, algorithms=ALGS)),
}))
