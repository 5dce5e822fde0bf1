import bcrypt from "bcryptjs";

// bcrypt cost 11: ~100-200 ms per check on a small server, slow enough to hurt offline guessing.
const COST = 11;
export const hashPassword = (password: string) => bcrypt.hash(password, COST);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

// Compared against when the email is unknown, so response time does not reveal which accounts exist.
export const DUMMY_HASH = "$2b$11$g7a/0noZzKp5GEvtgCu58uOCcKC/Q98fm8hkB/boCyHaMuGlvQWK2";
