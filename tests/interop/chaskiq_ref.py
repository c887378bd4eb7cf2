"""Chaskiq's and Chatwoot's own checks, as a referee (the same logic, in Python).

Chaskiq, app/models/app.rb: decrypt(data) = JSON.parse(JWE.decrypt(data, encryption_key)),
any failure giving {} (the visitor is anonymous, without an error); the key is the app's
16-character encryption_key, used as the raw AES-128 key (dir + A128GCM).
Chaskiq, app/models/concerns/user_handler.rb: compare_user_identifier = secure_compare(
OpenSSL::HMAC.hexdigest("sha256", encryption_key, email), identifier_key).
Chatwoot, app/controllers/api/v1/widget/contacts_controller.rb: valid_hmac? =
identifier_hash == OpenSSL::HMAC.hexdigest('sha256', hmac_token, identifier.to_s).

  chaskiq_ref.py chaskiq-decrypt KEY TOKEN            prints the JSON Chaskiq reads ({} on failure)
  chaskiq_ref.py chaskiq-identify KEY EMAIL VALUE     prints true or false
  chaskiq_ref.py chatwoot KEY IDENTIFIER VALUE        prints true or false
"""
import hashlib
import hmac
import json
import sys

from joserfc import jwe
from joserfc.jwk import OctKey


def chaskiq_decrypt(key, token):
    try:
        opened = jwe.decrypt_compact(token, OctKey.import_key(key.encode()), algorithms=["dir", "A128GCM"])
        data = json.loads(opened.plaintext)
        return data if isinstance(data, dict) else {}
    except Exception:
        return {}


def hexdigest(key, message):
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def main():
    what, key = sys.argv[1], sys.argv[2]
    if what == "chaskiq-decrypt":
        print(json.dumps(chaskiq_decrypt(key, sys.argv[3]), sort_keys=True))
    elif what == "chaskiq-identify":
        email, value = sys.argv[3:5]
        print(str(hmac.compare_digest(hexdigest(key, email), value)).lower())
    elif what == "chatwoot":
        identifier, value = sys.argv[3:5]
        print(str(value == hexdigest(key, identifier)).lower())
    else:
        raise SystemExit(f"unknown check {what}")


main()
