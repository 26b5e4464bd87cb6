#ifndef SNAPREV_CURSESSHIM_H
#define SNAPREV_CURSESSHIM_H
// The ncursesw calls the terminal backend needs, as plain functions
// (ncurses exposes many of them as macros or varargs, which Swift cannot call).
const char *cursesshim_version(void);
#endif
