// The one set of limits on what a template may hold. The template spec schema refuses a template
// over any of them at creation, and the agent API's schemas take the same numbers, so anything a
// template is allowed to declare can also be reported (a lifecycle report carries every script of
// an agent). Plain constants without imports: the workspace agent process loads this file too.

/** Most parameters a template may declare. */
export const MAX_PARAMETERS = 64;

/** Most options one parameter may list. */
export const MAX_PARAMETER_OPTIONS = 100;

/** Most build steps a template may run (one after another, per build). */
export const MAX_BUILD_STEPS = 100;

/** Most agents a template may declare; each is its own process in every workspace. */
export const MAX_AGENTS = 32;

/**
 * Most startup scripts one agent may have; the agent's lifecycle report carries them all. The
 * lifecycle report's limit before there was this file, so no template that worked is refused.
 */
export const MAX_SCRIPTS_PER_AGENT = 1000;

/** Most apps one agent may have. */
export const MAX_APPS_PER_AGENT = 32;

/** Longest build step or startup script text, in characters. */
export const MAX_SCRIPT_LENGTH = 65_536;

/** Longest name of a parameter, parameter option, build step, startup script or agent, in characters. */
export const MAX_NAME_LENGTH = 64;
