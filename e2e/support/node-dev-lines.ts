/** node-dev's first build line (its Check Node.js step, with a coloured "==>"). */
export const NODE_DEV_FIRST_LINE = /==> node v\d+/;
/** The startup line saying the dev server answered on port 3000 inside the workspace. */
export const NODE_DEV_READY_LINE = "localhost:3000 answers:";
