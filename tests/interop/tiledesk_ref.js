// Tiledesk's own checks of a visitor's custom token, with npm jsonwebtoken as tiledesk-server
// runs it (Tiledesk/tiledesk-server):
//   middleware/passport.js  the token comes from "Authorization: JWT <token>" (passport-jwt
//                           fromAuthHeaderWithScheme("jwt")); secretOrKeyProvider decodes it
//                           unverified and picks the key by the aud URL's path: /projects/<id>
//                           is that project's jwtSecret, anything else the server's own
//                           secret; passport-jwt then calls jsonwebtoken.verify with no
//                           algorithms, audience or issuer (exp and nbf enforced, no leeway);
//                           the payload needs _id, and sub "userexternal" is a visitor.
//   routes/auth.js          signinWithCustomToken: no aud is 400 "JWT Aud field is required";
//                           /projects/ without an id is 400 "JWT Aud.AudienceId field is
//                           required for AudienceType projects"; the project id is the path's.
// Usage: tiledesk_ref.js HEADER PROJECT_ID PROJECT_SECRET
// Prints {"id_project", "_id", "role"} as JSON, or REFUSED: why.
const jwt = require('jsonwebtoken');
const [header, projectId, projectSecret] = process.argv.slice(2);
const SERVER_SECRET = 'the server secret, which no visitor token is signed with';

function refuse(why) {
  console.log(`REFUSED: ${why}`);
  process.exit(0);
}

// passport-jwt's extractor: "<scheme> <token>", the scheme compared without case.
const parts = /(\S+)\s+(\S+)/.exec(header || '');
if (!parts || parts[1].toLowerCase() !== 'jwt') refuse('No auth token');
const raw = parts[2];

// secretOrKeyProvider: the key named by the unverified aud.
let key = SERVER_SECRET;
const decoded = jwt.decode(raw);
if (decoded && decoded.aud) {
  let path;
  try {
    path = new URL(decoded.aud).pathname;
  } catch (e) {
    refuse(`Invalid URL: ${decoded.aud}`);
  }
  const [, type, id] = path.split('/');
  if (type === 'projects') {
    if (!id) refuse('AudienceId for projects is required');
    if (id !== projectId) refuse(`Project not found with id: ${id}`);
    key = projectSecret;
  }
}

let payload;
try {
  payload = jwt.verify(raw, key, {});
} catch (e) {
  refuse(e.message);
}
if (payload._id === undefined && (payload._doc === undefined || payload._doc._id === undefined)) {
  refuse("jwt_payload._id or jwt_payload._doc._id can t be undefined");
}
if (payload.sub !== 'userexternal') refuse(`sub "${payload.sub}" is not a visitor (userexternal)`);

// routes/auth.js signinWithCustomToken
if (!payload.aud) refuse('JWT Aud field is required');
const [, type, id] = new URL(payload.aud).pathname.split('/');
if (type === 'projects' && !id) refuse('JWT Aud.AudienceId field is required for AudienceType projects');
console.log(JSON.stringify({ id_project: id, _id: payload._id, role: payload.role || 'user' }));
