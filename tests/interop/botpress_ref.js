// Botpress's own checks of a token, with npm jsonwebtoken as Botpress runs it:
//   chat  TOKEN KEY              integrations/chat/src/auth-key.ts: verify with
//                                { algorithms: ['HS256'] }, then the payload must be { id: string }
//   v12   HEADER KEY ALG [ISS] [AUD]
//                                packages/bp/src/core/app/server.ts decodeExternalToken: the
//                                header is "Bearer <jwt>", verified with { issuer, audience, algorithms }
// Prints the payload as JSON, or REFUSED: why.
const jwt = require('jsonwebtoken');
const [mode, token, key, alg, issuer, audience] = process.argv.slice(2);
try {
  let payload;
  if (mode === 'chat') {
    payload = jwt.verify(token, key, { algorithms: ['HS256'] });
    if (typeof payload.id !== 'string') throw new Error('Invalid user key');
  } else {
    const [scheme, bare] = token.split(' ');
    if (scheme.toLowerCase() !== 'bearer') throw new Error(`Unknown scheme "${scheme}"`);
    payload = jwt.verify(bare, key, {
      issuer: issuer || undefined,
      audience: audience || undefined,
      algorithms: [alg],
    });
  }
  console.log(JSON.stringify(payload));
} catch (e) {
  console.log(`REFUSED: ${e.message}`);
}
