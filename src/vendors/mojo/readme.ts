/** What the README says of this vendor below its generated tables: the readings taken where it is silent. */
export const MOJO_README = `Mojo documents neither an algorithm nor future-\`iat\` handling: HS256 and the 5 s tolerance apply.`;
