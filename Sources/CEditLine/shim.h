// libedit's readline-compatible API, with small accessors for its global variables so
// Swift (strict concurrency) never touches C mutable globals directly.
#ifndef DSBOX_CEDITLINE_SHIM_H
#define DSBOX_CEDITLINE_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <editline/readline.h>

static inline void dsbox_rl_configure(const char *name, rl_completion_func_t *completer) {
    rl_readline_name = name;
    rl_catch_signals = 0;
    rl_catch_sigwinch = 1;
    rl_attempted_completion_function = completer;
    rl_completion_append_character = ' ';
    rl_basic_word_break_characters = " \t|";
}

static inline void dsbox_rl_completion_over(void) { rl_attempted_completion_over = 1; }
static inline void dsbox_rl_set_append_character(int c) { rl_completion_append_character = c; }
static inline const char *dsbox_rl_line_buffer(void) { return rl_line_buffer ? rl_line_buffer : ""; }
static inline int dsbox_rl_point(void) { return rl_point; }

/// Installs `handler` for SIGINT without SA_RESTART, so a blocking poll() returns
/// EINTR and the caller notices Ctrl-C at once. Returns 0 on success.
static inline int dsbox_install_sigint(void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(SIGINT, &action, NULL);
}

#endif
