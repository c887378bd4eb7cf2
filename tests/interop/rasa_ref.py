"""Rasa's own check of a socket.io token, as `rasa/core/channels/channel.py` and
`socketio.py` do it (RasaHQ/rasa 3.x): strip "Bearer ", then PyJWT's `jwt.decode(token,
jwt_key, algorithms=jwt_method)`; any exception means the connection is refused.

  rasa_ref.py TOKEN KEYFILE JWT_METHOD     prints the payload as JSON, or REFUSED: why
"""
import json
import sys
import warnings

import jwt

BEARER_TOKEN_PREFIX = "Bearer "

token, key_file, method = sys.argv[1:4]
key = open(key_file, "rb").read()
if b"-----BEGIN" not in key:
    key = key.decode()
warnings.simplefilter("ignore")  # PyJWT's short-HMAC-key warning is not a refusal
try:
    payload = jwt.decode(token.replace(BEARER_TOKEN_PREFIX, ""), key, algorithms=method)
    print(json.dumps(payload))
except Exception as e:  # socketio.py: any failure and the socket is not accepted
    print(f"REFUSED: {type(e).__name__}: {e}")
