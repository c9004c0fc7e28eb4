/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const DESKPRO_README = `The tenant picks one algorithm (\`options.algorithm\`: HS256, HS384, HS512, or RS256 with
\`options.publicKey\` as PEM); any other gets Deskpro's "You selected the decryption algorithm ..."
message. By default the receiver does what Deskpro's code does: 900 s leeway, no maximum age, no jti
check (the verdict warns that a replay was possible). \`options.strictDocs: true\` applies the admin
guide instead (id, email, name, iat, exp and jti required; a replay is refused).`;
