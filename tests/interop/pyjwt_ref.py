"""PyJWT as a referee for tokenbench's interop tests.

    pyjwt_ref.py sign   ALG KEYFILE PAYLOAD_JSON [HEADER_JSON]   -> prints a token
    pyjwt_ref.py verify ALG KEYFILE TOKEN                        -> prints the payload as JSON

KEYFILE holds the HMAC secret's text (HS*) or a PEM key.
"""
import json
import sys

import jwt


def key(alg, path):
    with open(path, "rb") as f:
        data = f.read()
    return data if alg.startswith("HS") else data.decode()


def main():
    cmd, alg, path = sys.argv[1:4]
    if cmd == "sign":
        payload = json.loads(sys.argv[4])
        headers = json.loads(sys.argv[5]) if len(sys.argv) > 5 else None
        print(jwt.encode(payload, key(alg, path), algorithm=alg, headers=headers))
    elif cmd == "verify":
        claims = jwt.decode(
            sys.argv[4],
            key(alg, path),
            algorithms=[alg],
            options={"verify_aud": False},
        )
        print(json.dumps(claims))
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
