/*
 * CLibedit: libedit (BSD editline, native histedit.h API) for the Grad REPL.
 *
 * el_set, el_get and history are C variadic functions, which Swift cannot
 * call. The static inline wrappers below (prefix grad_) are compiled by clang
 * when Swift imports this module, so no separate C target is needed.
 * They also keep C's global stdin/stdout/stderr out of Swift 6 code.
 *
 * Only the `grad` executable imports this module; GradLang stays pure Swift.
 */
#ifndef GRAD_CLIBEDIT_SHIM_H
#define GRAD_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <locale.h>
#include <langinfo.h>
#include <string.h>
#include <wchar.h>
#include <histedit.h>

/* ---- callback types -------------------------------------------------- */

/* Prompt: returns the prompt string; the buffer must outlive the call. */
typedef char *(*grad_prompt_fn)(EditLine *);
/* A user editor function (EL_ADDFN): returns one of the CC_* codes. */
typedef unsigned char (*grad_el_fn)(EditLine *, int);
/* A character reader (EL_GETCFN): store one character, return 1, 0 on EOF, -1 on error. */
typedef int (*grad_getc_fn)(EditLine *, wchar_t *);

/* ---- locale ----------------------------------------------------------- */

/* setlocale(LC_CTYPE, "") — required before el_init for UTF-8 input.
   Falls back to C.UTF-8 when the environment's locale is not UTF-8 capable
   (returns the name of the locale in effect, or NULL). */
static inline const char *grad_setlocale_ctype(void) {
    const char *r = setlocale(LC_CTYPE, "");
    if (r == NULL || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
        const char *u = setlocale(LC_CTYPE, "C.UTF-8");
        if (u != NULL) r = u;
    }
    return r;
}

/* ---- EditLine --------------------------------------------------------- */

static inline EditLine *grad_el_init(const char *prog) {
    return el_init(prog, stdin, stdout, stderr);
}

static inline int grad_el_set_prompt(EditLine *el, grad_prompt_fn f) {
    return el_set(el, EL_PROMPT, f);
}

/* esc marks the start and end of invisible (zero-width) runs in the prompt,
   e.g. colour escapes: "\1\033[1m\1grad>\1\033[0m\1 " with esc = '\1'. */
static inline int grad_el_set_prompt_esc(EditLine *el, grad_prompt_fn f, char esc) {
    return el_set(el, EL_PROMPT_ESC, f, (int)esc);
}

static inline int grad_el_set_rprompt(EditLine *el, grad_prompt_fn f) {
    return el_set(el, EL_RPROMPT, f);
}

/* "emacs" or "vi" */
static inline int grad_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

/* 1: libedit installs handlers that restore the tty on signals and handles
   SIGWINCH / SIGTSTP / SIGCONT. */
static inline int grad_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

/* 0 disables editing (plain line reading), 1 enables it. */
static inline int grad_el_set_editmode(EditLine *el, int on) {
    return el_set(el, EL_EDITMODE, on);
}

static inline int grad_el_get_editmode(EditLine *el) {
    int on = 0;
    if (el_get(el, EL_EDITMODE, &on) != 0) return -1;
    return on;
}

static inline int grad_el_set_hist(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}

static inline int grad_el_addfn(EditLine *el, const char *name, const char *help, grad_el_fn f) {
    return el_set(el, EL_ADDFN, name, help, f);
}

/* Bind a key sequence ("^I", "\\e[1;5C") to a named editor function. */
static inline int grad_el_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, (const char *)NULL);
}

static inline int grad_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *grad_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

/* Replace the character reader (e.g. for tests); NULL restores the built-in one. */
static inline int grad_el_set_getcfn(EditLine *el, grad_getc_fn f) {
    return el_set(el, EL_GETCFN, f);
}

static inline int grad_el_set_builtin_getcfn(EditLine *el) {
    return el_set(el, EL_GETCFN, EL_BUILTIN_GETCFN);
}

/* Redraw the prompt and line. */
static inline int grad_el_refresh(EditLine *el) {
    return el_set(el, EL_REFRESH);
}

/* ---- History ---------------------------------------------------------- */
/* Each returns history()'s result: 0 (or a count) on success, -1 on failure. */

static inline int grad_history_setsize(History *h, int n) {
    HistEvent ev; return history(h, &ev, H_SETSIZE, n);
}

/* Number of entries currently held, or -1. */
static inline int grad_history_getsize(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) < 0) return -1;
    return ev.num;
}

/* 1: do not enter a line identical to the previous one. */
static inline int grad_history_setunique(History *h, int on) {
    HistEvent ev; return history(h, &ev, H_SETUNIQUE, on);
}

static inline int grad_history_enter(History *h, const char *line) {
    HistEvent ev; return history(h, &ev, H_ENTER, line);
}

/* -1 when the file does not exist yet: callers may ignore that. */
static inline int grad_history_load(History *h, const char *path) {
    HistEvent ev; return history(h, &ev, H_LOAD, path);
}

static inline int grad_history_save(History *h, const char *path) {
    HistEvent ev; return history(h, &ev, H_SAVE, path);
}

static inline int grad_history_clear(History *h) {
    HistEvent ev; return history(h, &ev, H_CLEAR);
}

#endif /* GRAD_CLIBEDIT_SHIM_H */
