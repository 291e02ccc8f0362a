// A small C face for libedit's native API (histedit.h), whose el_set and history
// functions are variadic and so cannot be called from Swift. One DsboxEditor edits
// one line at a time, a character per call, so the caller can do other work (stream
// live events) between keystrokes.
#ifndef DSBOX_CEDITLINE_H
#define DSBOX_CEDITLINE_H

#include <stdio.h>

typedef struct DsboxEditor DsboxEditor;

/// Called on Tab with the line up to the cursor and whether the previous key was also
/// Tab. Sets *insert to text to insert at the cursor and *listing to text to print
/// below the line (each malloc'd, or NULL); dsbox frees both.
typedef void (*DsboxCompleter)(const char *line_to_cursor, int repeated, char **insert, char **listing);

/// A new editor on standard input and output with emacs bindings (Ctrl-R searches the
/// history), UTF-8 input and a history of at most history_size lines.
DsboxEditor *dsbox_editor_new(const char *program, int history_size);
void dsbox_editor_free(DsboxEditor *editor);

void dsbox_editor_set_prompt(DsboxEditor *editor, const char *prompt);
void dsbox_editor_set_completer(DsboxEditor *editor, DsboxCompleter completer);

/// While libedit waits for a key in the middle of a command (a Ctrl-R search, the rest
/// of an escape sequence), `should_stop_waiting` is asked every 100 ms; non-zero gives
/// the wait up (the line is kept) so the caller can handle what a signal flagged.
void dsbox_editor_set_wait_check(DsboxEditor *editor, int (*should_stop_waiting)(void));

/// Puts the terminal in editing mode and shows the prompt with an empty line.
void dsbox_editor_start(DsboxEditor *editor);
/// Puts the terminal back in normal mode.
void dsbox_editor_stop(DsboxEditor *editor);

/// Handles one pending input key (and any keys libedit pushed back for itself, such as
/// the Enter that ends a Ctrl-R search). Returns 0 while the line is being typed, even
/// when a key left it empty; 1 when it is complete (*line is a malloc'd copy without
/// the newline; the editor stops); and -1 at the end of input: Ctrl-D on an empty line,
/// or end of file or a read error on standard input (the editor stops). See
/// dsbox_editor_input_ended to tell the two ends apart.
int dsbox_editor_read(DsboxEditor *editor, char **line);

/// 1 when standard input itself ended (end of file or a read error: the terminal hung
/// up), rather than Ctrl-D asking to leave.
int dsbox_editor_input_ended(DsboxEditor *editor);

/// A malloc'd copy of the line being typed; *cursor is the cursor's character offset.
char *dsbox_editor_line(DsboxEditor *editor, int *cursor);

/// Types `text` into the line as if it were keyed in, then moves the cursor back
/// `left` characters (to restore a line after printing above it).
void dsbox_editor_type(DsboxEditor *editor, const char *text, int left);

void dsbox_editor_history_add(DsboxEditor *editor, const char *line);

/// Installs `handler` for SIGINT without SA_RESTART, so a waiting poll() returns at
/// once with EINTR. Returns 0 on success.
int dsbox_install_sigint(void (*handler)(int));

/// Installs `handler` for `signal_number` in the same way. After the handler, the
/// signal writes a byte to the wake pipe (see dsbox_signal_wake_fd). Returns 0 on success.
int dsbox_install_signal(int signal_number, void (*handler)(int));

/// The read end of a pipe that every signal installed with dsbox_install_signal writes
/// a byte to: poll() it beside standard input to wake at once on Ctrl-C or Ctrl-Z,
/// whichever thread the signal was delivered to. Created on the first call (before
/// installing handlers); -1 if it cannot be.
int dsbox_signal_wake_fd(void);
/// Empties the wake pipe.
void dsbox_signal_wake_drain(void);

/// Stops the process as Ctrl-Z would have (SIGTSTP's default action), and returns when
/// it is continued (`fg`). Call with the terminal back in normal mode. In an orphaned
/// process group, where the system does not stop on SIGTSTP, returns at once.
void dsbox_stop_as_if_suspended(void);

/// The width of the terminal on `fd` in columns, or 0 when it cannot be read.
int dsbox_terminal_columns(int fd);

#endif
