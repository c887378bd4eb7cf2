// The second JWE referee: npm's jose (panva/jose) encrypts and decrypts compact JWEs.
//
//   node jose_ref.js encrypt ALG ENC KEYFILE PLAINTEXT   prints the compact JWE
//   node jose_ref.js decrypt KEYFILE TOKEN               prints the plaintext
//
// KEYFILE: a PEM key (public to encrypt, private to decrypt) or a file holding the raw
// shared key. jose is found on NODE_PATH (require of an ES module: Node 20.19 and later).
"use strict";

const crypto = require("crypto");
const fs = require("fs");
const jose = require("jose");

function key(path) {
  const data = fs.readFileSync(path);
  if (!data.includes("-----BEGIN")) {
    return new Uint8Array(data);
  }
  return data.includes("PRIVATE") ? crypto.createPrivateKey(data) : crypto.createPublicKey(data);
}

async function main() {
  const [what, ...rest] = process.argv.slice(2);
  if (what === "encrypt") {
    const [alg, enc, path, plaintext] = rest;
    const token = await new jose.CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({ alg, enc, cty: "JWT" })
      .encrypt(key(path));
    process.stdout.write(token + "\n");
  } else {
    const [path, token] = rest;
    const { plaintext } = await jose.compactDecrypt(token, key(path));
    process.stdout.write(new TextDecoder().decode(plaintext) + "\n");
  }
}

main().catch((e) => {
  process.stderr.write(`${e.code || e.name}: ${e.message}\n`);
  process.exit(1);
});
